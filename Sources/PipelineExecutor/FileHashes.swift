import ArtifactCache

/// Content hashes of the files one plan reads, each file looked up once; the
/// files are known before planning starts, so they are hashed in parallel.
struct FileHashes: Sendable {
    private let known: [String: Result<String, CacheError>]

    /// Hashes `paths` (relative to the pipeline, repeats allowed) with `hash`.
    init(_ paths: [String], hash: @Sendable (String) throws(CacheError) -> String) {
        var unique: [String] = []
        var seen: Set<String> = []
        for path in paths where seen.insert(path).inserted { unique.append(path) }
        let files = unique
        let results = parallelMap(files.count) { index in
            Result { () throws(CacheError) in try hash(files[index]) }
        }
        known = Dictionary(uniqueKeysWithValues: zip(files, results))
    }

    /// The hash of a path given at creation, or from `hash` for any other path.
    func hash(_ path: String, else hash: (String) throws(CacheError) -> String) throws(CacheError) -> String {
        if let result = known[path] { return try result.get() }
        return try hash(path)
    }
}
