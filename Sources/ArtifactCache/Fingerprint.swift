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
        // The fields are framed into one buffer and hashed at once: a plan computes a
        // fingerprint per node, and a dozen small updates cost more than the hashing.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256 + configuration.count + 72 * inputs.count)
        func field<Bytes: Collection<UInt8>>(_ field: Bytes) {
            withUnsafeBytes(of: UInt64(field.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field)
        }
        func field(_ text: String) { field(text.utf8) }
        field("mass-fingerprint-1")
        field(operation)
        field(String(version))
        field(configuration)
        field("inputs \(inputs.count)")
        for input in inputs { field(input) }
        field("files \(files.count)")
        for file in files {
            field(file.path)
            field(file.hash)
        }
        field(seed.map { "seed \($0)" } ?? "no seed")
        return ContentHash.hex(SHA256.hash(data: bytes))
    }
}
