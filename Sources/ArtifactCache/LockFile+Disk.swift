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
        return try LockFile(bytes: bytes)
    }

    /// Writes the lock file atomically (temporary file, then rename), unless
    /// it already holds these bytes: a run that changed nothing leaves it untouched.
    public func write(to path: String) throws(CacheError) {
        let encoded = bytes()
        if let existing = try? PosixFile.readAll(path), existing == encoded { return }
        try PosixFile.writeAtomically(encoded, to: path)
    }

    /// Writes the lock file unless it is still there and `previous`, what was
    /// read from it before the run, already says the same: a run that changed
    /// nothing then costs no encoding (10,000 nodes are several megabytes).
    public func write(to path: String, readAs previous: LockFile?) throws(CacheError) {
        if self == previous, PosixFile.exists(path) { return }
        try write(to: path)
    }
}
