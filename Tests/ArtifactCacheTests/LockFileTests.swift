import Foundation
import Testing
@testable import ArtifactCache

@Suite struct LockFileTests {
    static let sample = LockFile(nodes: [
        LockedNode(
            id: "train svd @ fold 3", fingerprint: String(repeating: "1", count: 64), operation: "train-mf", version: 2,
            configuration: ["lr": "0.005", "factors": "64", "kind": #""mf""#, "odd key = x": "[]"],
            inputs: ["split fold 3", "sample \"a\""], files: ["data/ratings.csv": String(repeating: "2", count: 64)],
            outputs: ["artifact": String(repeating: "3", count: 64)], metrics: ["rmse": 0.912, "mae": 0.7]),
        LockedNode(id: "load ratings", fingerprint: String(repeating: "4", count: 64), operation: "load", version: 1),
    ])

    @Test func textIsDeterministicAndSorted() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try Self.sample.write(to: folder.file("a.lock"))
        try LockFile(nodes: Self.sample.nodes.reversed()).write(to: folder.file("b.lock"))
        let first = try Data(contentsOf: URL(fileURLWithPath: folder.file("a.lock")))
        let second = try Data(contentsOf: URL(fileURLWithPath: folder.file("b.lock")))
        #expect(first == second)
        let text = String(decoding: first, as: UTF8.self)
        let load = try #require(text.range(of: "node \"load ratings\""))
        let train = try #require(text.range(of: "node \"train svd @ fold 3\""))
        #expect(load.lowerBound < train.lowerBound)
        #expect(text.contains("  config factors = 64\n  config kind = \"mf\"\n  config lr = 0.005\n"))
        #expect(!text.contains("duration"), "how long a node took is no review's business: it goes to the run record")
    }

    /// Lock files written before durations moved out still read, their durations ignored.
    @Test func readsALockWithDurations() throws {
        let old = """
            # Written by mass at the end of each run. Commit it with the pipeline.
            mass-lock 1

            node "load ratings"
              fingerprint \(String(repeating: "4", count: 64))
              operation load 1
              duration 87ms
              output artifact = \(String(repeating: "5", count: 64))

            """
        let lock = try LockFile(text: old)
        #expect(lock.node("load ratings")?.outputs == ["artifact": String(repeating: "5", count: 64)])
        #expect(!lock.text().contains("duration"))
    }

    @Test func readsBackWhatItWrote() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("pipeline.lock")
        try Self.sample.write(to: path)
        #expect(try LockFile.read(from: path) == Self.sample)
        #expect(try LockFile.read(from: folder.file("none.lock")) == nil)
    }

    @Test func pathSitsBesideThePipeline() {
        #expect(LockFile.path(forPipeline: "/work/movielens.yaml") == "/work/movielens.lock")
    }

    @Test func malformedTextIsAnError() {
        #expect(throws: CacheError.self) { try LockFile(text: "something else\n") }
        #expect(throws: CacheError.self) { try LockFile(text: "mass-lock 1\n  fingerprint abc\n") }
        #expect(throws: CacheError.self) { try LockFile(text: "mass-lock 1\nnode \"x\"\n  metric rmse = high\n") }
        // A byte that is not UTF-8, as a flipped byte leaves it, in a line that would otherwise read.
        let flipped = Array("mass-lock 1\nnode \"x\"\n  config a.b = 1\n".utf8).enumerated().map {
            $0.offset == 30 ? $0.element ^ 0xFF : $0.element
        }
        #expect(throws: CacheError.self) { try LockFile(bytes: flipped) }
        // Text beyond ASCII that is UTF-8 reads.
        #expect((try? LockFile(text: "mass-lock 1\nnode \"x\"\n  config name = \"café\"\n")) != nil)
    }

    /// Ids and keys with quotes, escapes, control characters and non-ASCII text read back as written.
    @Test func oddTextReadsBack() throws {
        let odd = ["tab\there", "new\nline", "quote \" and \\ backslash", "é ✓ 🚀", "bell \u{7}", "cr\r", "a = b", ""]
        let lock = LockFile(
            nodes: odd.enumerated().map { index, text in
                LockedNode(
                    id: "node \(index) \(text)", fingerprint: String(repeating: "a", count: 64), operation: "op", version: 1,
                    configuration: [text.isEmpty ? "empty" : text: "\"\(index)\""], inputs: [text],
                    files: ["dir/\(text).csv": String(repeating: "b", count: 64)], metrics: ["m \(text)": Double(index) / 3])
            })
        #expect(try LockFile(text: lock.text()) == lock)
    }

    /// A run that changed nothing leaves the file as it was: not even replaced by an equal copy.
    @Test func writingTheSameLockLeavesTheFileAlone() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("pipeline.lock")
        try Self.sample.write(to: path)
        let before = try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int
        try Self.sample.write(to: path)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? Int == before)
        var changed = Self.sample
        changed.setMetric("rmse", 0.5, ofNode: "train svd @ fold 3")
        try changed.write(to: path)
        #expect(try LockFile.read(from: path) == changed)
    }

    /// Given what was read before the run, an unchanged lock is not even encoded;
    /// a changed one, or one whose file is gone, is written.
    @Test func writingAgainstWhatWasReadSkipsAnUnchangedLock() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.file("pipeline.lock")
        try Self.sample.write(to: path, readAs: Self.sample)
        #expect(try LockFile.read(from: path) == Self.sample, "no file yet: written")
        // Stands for a file edited by hand into an equal lock: it is kept as it is.
        try FileManager.default.removeItem(atPath: path)
        try Data("odd but kept".utf8).write(to: URL(fileURLWithPath: path))
        try Self.sample.write(to: path, readAs: Self.sample)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "odd but kept")
        var changed = Self.sample
        changed.setMetric("rmse", 0.5, ofNode: "train svd @ fold 3")
        try changed.write(to: path, readAs: Self.sample)
        #expect(try LockFile.read(from: path) == changed)
    }
}
