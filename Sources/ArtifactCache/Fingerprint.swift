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
        func field(_ bytes: UnsafeRawBufferPointer) {
            withUnsafeBytes(of: UInt64(bytes.count).littleEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(bufferPointer: bytes)
        }
        // Strings are hashed in place: a plan computes one fingerprint per node, each of a dozen fields.
        func field(_ text: String) {
            var text = text
            text.withUTF8 { field(UnsafeRawBufferPointer($0)) }
        }
        field("mass-fingerprint-1")
        field(operation)
        field(String(version))
        configuration.withUnsafeBytes { field($0) }
        field("inputs \(inputs.count)")
        for input in inputs { field(input) }
        field("files \(files.count)")
        for file in files {
            field(file.path)
            field(file.hash)
        }
        field(seed.map { "seed \($0)" } ?? "no seed")
        return ContentHash.hex(hasher.finalize())
    }
}
