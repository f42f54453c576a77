import Foundation
import Testing
@testable import ArtifactCache

@Suite struct GarbageCollectionTests {
    @Test func dryRunReportsAndRealRunRemoves() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        let live = ContentHash.of(Array("live".utf8))
        let dead = ContentHash.of(Array("dead".utf8))
        try store.write(live, Array(repeating: 1, count: 100))
        try store.write(dead, Array(repeating: 2, count: 300))
        try folder.write("kept output", to: "kept.txt")
        try folder.write("old output", to: "old.txt")
        let keptFile = try store.storeFile(at: folder.file("kept.txt"))
        let oldFile = try store.storeFile(at: folder.file("old.txt"))
        let lock = LockFile(nodes: [
            LockedNode(
                id: "a", fingerprint: live, operation: "op", version: 1,
                outputs: ["artifact": ContentHash.of([1]), "kept.txt": keptFile])
        ])

        let preview = try store.collectGarbageExclusively(keeping: [lock], dryRun: true)
        #expect(preview.artifacts == [dead])
        #expect(preview.files == [oldFile])
        #expect(preview.bytes == Int64(EntryFormat.headerSize + 300 + "old output".utf8.count))
        #expect(store.contains(dead))

        let removed = try store.collectGarbageExclusively(keeping: [lock], dryRun: false)
        #expect(removed == preview)
        #expect(!store.contains(dead))
        #expect(!store.containsFile(oldFile))
        #expect(store.read(live) == Array(repeating: 1, count: 100))
        #expect(store.containsFile(keptFile))
        #expect(store.collectGarbage(keeping: [lock], dryRun: true).count == 0)
    }

    /// A symbolic link inside the cache leads out of it: collection does not follow it.
    @Test func neverFollowsASymbolicLinkOutOfTheCache() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        let name = String(ContentHash.of(Array("victim".utf8)).dropFirst(2))
        for area in ["objects", "files"] {
            try folder.write("precious", to: "outside-\(area)/\(name)")
            try folder.write("precious", to: "outside-\(area)/.tmp-abcdef")
            try FileManager.default.createSymbolicLink(
                atPath: folder.file(".mass/\(area)/ab"), withDestinationPath: folder.file("outside-\(area)"))
        }
        try folder.write("precious", to: "outside-entry")
        let entry = String(ContentHash.of(Array("entry".utf8)).dropFirst(2))
        try FileManager.default.createDirectory(atPath: folder.file(".mass/objects/cd"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: folder.file(".mass/objects/cd/\(entry)"), withDestinationPath: folder.file("outside-entry"))

        let preview = try store.collectGarbageExclusively(keeping: [], dryRun: true)
        #expect(preview.bytes == 0, "nothing outside the cache is counted")
        _ = try store.collectGarbageExclusively(keeping: [], dryRun: false)
        for area in ["objects", "files"] {
            #expect(FileManager.default.fileExists(atPath: folder.file("outside-\(area)/\(name)")))
            #expect(FileManager.default.fileExists(atPath: folder.file("outside-\(area)/.tmp-abcdef")))
        }
        #expect(FileManager.default.fileExists(atPath: folder.file("outside-entry")))
    }

    @Test func removesLeftoverTemporaryFiles() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        try folder.write("partial", to: ".mass/objects/ab/.tmp-x1y2z3")
        let preview = try store.collectGarbageExclusively(keeping: [], dryRun: true)
        #expect(preview.temporaryFiles == 1)
        #expect(preview.bytes == 7)
        _ = try store.collectGarbageExclusively(keeping: [], dryRun: false)
        #expect(!FileManager.default.fileExists(atPath: folder.file(".mass/objects/ab/.tmp-x1y2z3")))
    }

    @Test func cacheLocationPrefersFlagThenEnvironment() {
        #expect(CacheLocation.root(forPipeline: "/p/ml.yaml", environment: [:]) == "/p/.mass")
        #expect(CacheLocation.root(forPipeline: "/p/ml.yaml", environment: ["MASS_CACHE_DIR": "/c"]) == "/c")
        #expect(CacheLocation.root(forPipeline: "/p/ml.yaml", override: "/d", environment: ["MASS_CACHE_DIR": "/c"]) == "/d")
    }
}
