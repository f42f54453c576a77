import Testing
@testable import ArtifactCache

@Suite struct FingerprintTests {
    let configuration = Array(#"{"factors":64,"lr":0.005}"#.utf8)
    let inputs = [String(repeating: "a", count: 64), String(repeating: "b", count: 64)]

    /// Golden values, computed independently of this code: a change here breaks every user's cache.
    @Test func stableAcrossReleases() {
        let full = Fingerprint.compute(
            operation: "train-mf", version: 2, configuration: configuration, inputs: inputs,
            files: [("data/ratings.csv", String(repeating: "c", count: 64))], seed: 42)
        #expect(full == "dfe6627c9deca635931d7271482f0c97dfe502c9b0b7b7e00521af8498681dce")
        let bare = Fingerprint.compute(operation: "load", version: 1, configuration: Array("{}".utf8), inputs: [])
        #expect(bare == "f7b0a5fee65fe79786e0e93f2c99319fef884d69040428033112a0a6edd919db")
    }

    @Test func everyFieldMatters() {
        let base = Fingerprint.compute(operation: "train", version: 1, configuration: configuration, inputs: inputs, seed: 1)
        let variants = [
            Fingerprint.compute(operation: "train2", version: 1, configuration: configuration, inputs: inputs, seed: 1),
            Fingerprint.compute(operation: "train", version: 2, configuration: configuration, inputs: inputs, seed: 1),
            Fingerprint.compute(operation: "train", version: 1, configuration: Array("{}".utf8), inputs: inputs, seed: 1),
            Fingerprint.compute(operation: "train", version: 1, configuration: configuration, inputs: inputs.reversed(), seed: 1),
            Fingerprint.compute(operation: "train", version: 1, configuration: configuration, inputs: inputs, seed: 2),
            Fingerprint.compute(operation: "train", version: 1, configuration: configuration, inputs: inputs),
            Fingerprint.compute(
                operation: "train", version: 1, configuration: configuration, inputs: inputs,
                files: [("x", String(repeating: "0", count: 64))], seed: 1),
        ]
        #expect(Set(variants + [base]).count == variants.count + 1)
    }

    @Test func fieldsCannotRunTogether() {
        let left = Fingerprint.compute(operation: "ab", version: 1, configuration: Array("c".utf8), inputs: [])
        let right = Fingerprint.compute(operation: "a", version: 1, configuration: Array("bc".utf8), inputs: [])
        #expect(left != right)
    }
}
