import Foundation

extension LockFile {
    /// The lock file that belongs beside a pipeline file: `movielens.yaml` → `movielens.lock`.
    public static func path(forPipeline pipelinePath: String) -> String {
        let url = URL(fileURLWithPath: pipelinePath)
        return url.deletingPathExtension().appendingPathExtension("lock").path
    }

    /// Reads a lock file; `nil` when there is none yet.
    public static func read(from path: String) throws(CacheError) -> LockFile? {
        let bytes: [UInt8]
        do {
            bytes = try PosixFile.readAll(path)
        } catch {
            if error.code == .missingFile { return nil }
            throw error
        }
        return try LockFile(text: String(decoding: bytes, as: UTF8.self))
    }

    /// Writes the lock file atomically (temporary file, then rename).
    public func write(to path: String) throws(CacheError) {
        try PosixFile.writeAtomically(Array(text().utf8), to: path)
    }
}
