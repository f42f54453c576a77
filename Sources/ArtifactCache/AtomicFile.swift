/// Whole-file writes that readers never see half done.
public enum AtomicFile {
    /// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
    public static func write(_ bytes: [UInt8], to path: String) throws(CacheError) {
        try PosixFile.writeAtomically(bytes, to: path)
    }
}
