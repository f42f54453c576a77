import Foundation
import MLModels

/// What tells one version of the model file from another without reading it.
struct FileIdentity: Equatable, Sendable {
    var inode: UInt64
    var size: Int64
    var modified: Double

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
            let size = (attributes[.size] as? NSNumber)?.int64Value,
            let modified = attributes[.modificationDate] as? Date
        else { return nil }
        self.inode = inode
        self.size = size
        self.modified = modified.timeIntervalSince1970
    }
}

/// Reads and writes the model file, remembering the version last seen so that
/// the server's own snapshots are not taken for a foreign replacement.
final class ModelFileAccess: @unchecked Sendable {
    let path: String
    private let lock = NSLock()
    private var known: FileIdentity?

    init(path: String) {
        self.path = path
        known = FileIdentity(path: path)
    }

    struct ReadError: Error {
        var message: String
    }

    /// Reads and decodes the file as it is now.
    func read() throws(ReadError) -> (Ensemble, EnsembleProvenance) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReadError(message: "cannot read \(path)")
        }
        do {
            let (ensemble, provenance) = try EnsembleFile.decode(Array(data))
            ensemble.prepareForScoring()
            return (ensemble, provenance)
        } catch {
            throw ReadError(message: "\(path) is not a model file this build can read: \(error.message)")
        }
    }

    /// True once per foreign change of the file; the new version is then remembered.
    func changedSinceSeen() -> Bool {
        lock.withLock {
            let now = FileIdentity(path: path)
            guard now != nil, now != known else { return false }
            known = now
            return true
        }
    }

    /// Writes `bytes` next to the file, then renames it over the file, so
    /// readers see the old file or the new one, never part of one.
    func replace(with bytes: [UInt8]) throws {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).\(UUID().uuidString).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw ReadError(message: "cannot write \(temporary)")
        }
        try lock.withLock {
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temporary)
                throw ReadError(message: "cannot rename \(temporary) to \(path): \(reason)")
            }
            known = FileIdentity(path: path)
        }
    }
}
