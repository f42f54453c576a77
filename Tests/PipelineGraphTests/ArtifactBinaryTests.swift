import Testing
@testable import PipelineGraph

@Suite struct ArtifactBinaryTests {
    static let sample = Artifact.record([
        "predictions": .doubles([1.5, -2.25, .infinity, 0]),
        "factors": .floats([0.1, 0.2, 0.3]),
        "users": .int32s([1, -7, Int32.max]),
        "raw": .bytes([0, 255, 7]),
        "names": .strings(["svd", "knn", ""]),
        "name": .string("movielens ✓"),
        "count": .int(-3),
        "rmse": .double(0.912),
        "nested": .record(["empty": .none, "more": .record([:])]),
    ])

    @Test func roundTrip() throws {
        let bytes = Self.sample.encoded()
        #expect(try Artifact(decoding: bytes) == Self.sample)
    }

    @Test func encodingIsDeterministicAndCompact() {
        #expect(Self.sample.encoded() == Self.sample.encoded())
        let values = (0..<10_000).map { Double($0) * 0.5 }
        // One version byte, one tag, an 8-byte count and the raw doubles.
        #expect(Artifact.doubles(values).encoded().count == 1 + 1 + 8 + 8 * values.count)
    }

    @Test func damagedBytesAreAnErrorNotACrash() {
        let bytes = Self.sample.encoded()
        for cut in [0, 1, 5, bytes.count / 2, bytes.count - 1] {
            #expect(throws: ArtifactDecodingError.self) { try Artifact(decoding: Array(bytes.prefix(cut))) }
        }
        var hugeCount: [UInt8] = [1, 4]
        hugeCount += [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]
        #expect(throws: ArtifactDecodingError.self) { try Artifact(decoding: hugeCount) }
        #expect(throws: ArtifactDecodingError.self) { try Artifact(decoding: [1, 200]) }
        #expect(throws: ArtifactDecodingError.self) { try Artifact(decoding: bytes + [0]) }
    }
}
