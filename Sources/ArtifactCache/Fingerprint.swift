import Crypto

/// The identity of a node's result: SHA-256 over everything that can change
/// it, each field length-prefixed so no two field lists hash alike.
public enum Fingerprint {
    /// - Parameters:
    ///   - operation: the operation's name, e.g. `train-mf`.
    ///   - version: bumped by the operation's author when its code changes results.
    ///   - configuration: the canonical bytes of its configuration.
    ///   - inputs: the fingerprints of its inputs, in the operation's order.
    ///   - files: work-tree files it reads, as (relative path, content hash), in declared order.
    ///   - seed: the node's seed, for operations that draw random numbers.
    public static func compute(
        operation: String, version: Int, configuration: [UInt8],
        inputs: [String], files: [(path: String, hash: String)] = [], seed: UInt64? = nil
    ) -> String {
        var hasher = SHA256()
        func field(_ bytes: some Collection<UInt8>) {
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(bytes))
        }
        field(Array("mass-fingerprint-1".utf8))
        field(Array(operation.utf8))
        field(Array(String(version).utf8))
        field(configuration)
        field(Array("inputs \(inputs.count)".utf8))
        for input in inputs { field(Array(input.utf8)) }
        field(Array("files \(files.count)".utf8))
        for file in files {
            field(Array(file.path.utf8))
            field(Array(file.hash.utf8))
        }
        field(Array((seed.map { "seed \($0)" } ?? "no seed").utf8))
        return ContentHash.hex(hasher.finalize())
    }
}
