import Foundation
import Testing
@testable import ArtifactCache

@Suite struct ContentHashTests {
    @Test func knownDigests() {
        #expect(ContentHash.of(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ContentHash.of([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Sizes on both sides of the pipelined reader's threshold, crossing chunk boundaries.
    @Test(arguments: [9 << 20, (21 << 20) + 3])
    func fileHashMatchesInMemoryHash(size: Int) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("big.bin")))
        #expect(try ContentHash.ofFile(at: folder.file("big.bin")) == ContentHash.of(bytes))
    }

    @Test func statCacheReturnsNewHashWhenFileChanges() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let cache = StatCache(path: folder.file("stat-cache"))
        try folder.write("one", to: "data.csv")
        let first = try cache.hash(ofFile: folder.file("data.csv"))
        #expect(try cache.hash(ofFile: folder.file("data.csv")) == first)
        try folder.write("two!", to: "data.csv")
        let second = try cache.hash(ofFile: folder.file("data.csv"))
        #expect(second != first)
        #expect(second == ContentHash.of(Array("two!".utf8)))
    }

    @Test func statCachePersistsAcrossInstances() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("content", to: "data.csv")
        try makeOld(folder.file("data.csv"))
        let first = StatCache(path: folder.file("stat-cache"))
        let hash = try first.hash(ofFile: folder.file("data.csv"))
        try first.save()
        let text = try String(contentsOfFile: folder.file("stat-cache"), encoding: .utf8)
        #expect(text.contains(hash))
        #expect(text.contains(folder.file("data.csv")))
        let second = StatCache(path: folder.file("stat-cache"))
        #expect(try second.hash(ofFile: folder.file("data.csv")) == hash)
    }

    /// A damaged stat cache could give a file a hash it does not have: it is
    /// checked as a whole, and when it fails every file is read again.
    @Test(arguments: ["flip", "truncate"])
    func damagedStatCacheIsNotTrusted(damage: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("content", to: "data.csv")
        try makeOld(folder.file("data.csv"))
        let first = StatCache(path: folder.file("stat-cache"))
        let hash = try first.hash(ofFile: folder.file("data.csv"))
        try first.save()
        var text = try String(contentsOfFile: folder.file("stat-cache"), encoding: .utf8)
        switch damage {
        case "flip":
            // Another valid hash in the same place: only a checksum can tell.
            let wrong = String(hash.reversed())
            text = text.replacingOccurrences(of: hash, with: wrong)
        default:
            text = String(text.prefix(text.count - 20))
        }
        try text.write(toFile: folder.file("stat-cache"), atomically: true, encoding: .utf8)
        let second = StatCache(path: folder.file("stat-cache"))
        #expect(try second.hash(ofFile: folder.file("data.csv")) == hash)
    }

    @Test func recentlyModifiedFilesAreNotRemembered() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("fresh", to: "fresh.csv")
        let cache = StatCache(path: folder.file("stat-cache"))
        _ = try cache.hash(ofFile: folder.file("fresh.csv"))
        try cache.save()
        #expect(!FileManager.default.fileExists(atPath: folder.file("stat-cache")))
    }

    private func makeOld(_ path: String) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: path)
    }

    @Test func directoryHashCoversNamesAndContents() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        try folder.write("a", to: "data/a.csv")
        try folder.write("b", to: "data/sub/b.csv")
        let cache = StatCache(path: nil)
        let first = try cache.hash(ofFile: folder.file("data"))
        #expect(try cache.hash(ofFile: folder.file("data")) == first)
        try folder.write("B", to: "data/sub/b.csv")
        let edited = try cache.hash(ofFile: folder.file("data"))
        #expect(edited != first)
        try FileManager.default.moveItem(atPath: folder.file("data/a.csv"), toPath: folder.file("data/c.csv"))
        #expect(try cache.hash(ofFile: folder.file("data")) != edited)
    }

    @Test func missingFileIsAnError() throws {
        let cache = StatCache(path: nil)
        #expect(throws: CacheError.self) { try cache.hash(ofFile: "/nonexistent/mass/file") }
    }
}
