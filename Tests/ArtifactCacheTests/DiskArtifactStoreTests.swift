import Foundation
import Testing
@testable import ArtifactCache

@Suite struct DiskArtifactStoreTests {
    let key = String(repeating: "ab", count: 32)

    @Test func roundTrip() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        #expect(store.read(key) == nil)
        #expect(!store.contains(key))
        try store.write(key, [1, 2, 3, 255])
        #expect(store.contains(key))
        #expect(store.read(key) == [1, 2, 3, 255])
        try store.write(key, [])
        #expect(store.read(key) == [])
    }

    /// Asked at once, many keys of one prefix folder are answered from a
    /// listing of it, few by looking for each, and a folder far larger than
    /// the question by looking for each too: the answers are the same.
    @Test(arguments: [3, 12, 40])
    func containingAgreesWithContains(asked: Int) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        func key(_ number: Int) -> String { "ab" + String(repeating: "0", count: 58) + String(format: "%04x", number) }
        for number in stride(from: 0, to: 400, by: 2) { try store.write(key(number), [UInt8(number % 256)]) }
        try store.write("cd" + String(repeating: "1", count: 62), [1])
        let keys = (0..<asked).map(key) + ["cd" + String(repeating: "1", count: 62), "not a key"]
        #expect(store.containing(keys) == Set(keys.filter(store.contains)))
        #expect(store.containing(keys).count == (asked + 1) / 2 + 1)
    }

    /// Hashed in one batch (each file looked up from its open folder, the batch
    /// split over the cores when large), files give what they give one by one:
    /// in several folders, a folder itself, and a missing file as an error.
    @Test(arguments: [10, 600])
    func hashFilesAgreesWithHashFile(count: Int) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        for number in 0..<count { try folder.write("content \(number % 7)", to: "\(number % 3)/file\(number).txt") }
        let paths =
            (0..<count).map { folder.file("\($0 % 3)/file\($0).txt") } + [
                folder.file("1"), folder.file("2/missing.txt"), folder.file("absent/file.txt"),
            ]
        let batch = store.hashFiles(at: paths)
        #expect(batch.count == paths.count)
        for (path, hash) in zip(paths, batch) {
            #expect((try? hash.get()) == (try? store.hashFile(at: path)))
        }
        #expect(batch.suffix(2).allSatisfy { (try? $0.get()) == nil })
        #expect(throws: CacheError.self) { try batch[batch.count - 1].get() }
    }

    @Test(arguments: ["corrupt", "truncated", "empty", "foreign"])
    func damagedEntryIsAWarningAndAMiss(damage: String) throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let warnings = WarningLog()
        let store = try DiskArtifactStore(root: folder.file(".mass"), onWarning: { warnings.append($0.message) })
        let payload = (0..<1000).map { UInt8($0 % 251) }
        try store.write(key, payload)
        let path = store.objectPath(key)
        var bytes = try PosixFile.readAll(path)
        switch damage {
        case "corrupt": bytes[bytes.count - 10] ^= 0xff
        case "truncated": bytes.removeLast(100)
        case "empty": bytes = []
        default: bytes = Array("not a cache entry at all, but long enough to hold a header".utf8)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        #expect(store.read(key) == nil)
        #expect(warnings.all.count == 1)
        #expect(warnings.all.first?.contains("damaged cache entry") == true)
        // Recomputing and storing again gives the right result.
        try store.write(key, payload)
        #expect(store.read(key) == payload)
    }

    /// An intact entry of another key, copied over this one (a bad restore, a
    /// wrong rename): its frame checks out, but it is not this key's result.
    @Test func entryOfAnotherKeyIsAWarningAndAMiss() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let warnings = WarningLog()
        let store = try DiskArtifactStore(root: folder.file(".mass"), onWarning: { warnings.append($0.message) })
        let other = String(repeating: "cd", count: 32)
        try store.write(key, [1, 2, 3])
        try store.write(other, [4, 5, 6])
        try Data(try PosixFile.readAll(store.objectPath(other))).write(to: URL(fileURLWithPath: store.objectPath(key)))
        #expect(store.read(key) == nil)
        #expect(warnings.all == ["damaged cache entry ignored: it holds another key's result"])
        #expect(store.read(other) == [4, 5, 6])
    }

    /// Entries written before the key was part of the checksum still read.
    @Test func entryOfTheFirstFormatStillReads() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        let payload: [UInt8] = [9, 8, 7]
        var bytes = Array("MASSENT1".utf8)
        withUnsafeBytes(of: UInt64(payload.count).littleEndian) { bytes.append(contentsOf: $0) }
        let hex = Array(ContentHash.of(payload).utf8)
        let digest = stride(from: 0, to: hex.count, by: 2).map {
            UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) ?? 0
        }
        bytes += digest + payload
        try PosixFile.writeAtomically(bytes, to: store.objectPath(key))
        #expect(store.read(key) == payload)
    }

    @Test func aliasIsReadableUnderTheNewKey() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        let other = String(repeating: "cd", count: 32)
        try store.write(key, [1, 2, 3])
        #expect(store.alias(other, to: key))
        #expect(store.read(other) == [1, 2, 3])
        #expect(store.read(key) == [1, 2, 3])
        #expect(!store.alias(String(repeating: "ef", count: 32), to: String(repeating: "01", count: 32)))
    }

    @Test func invalidKeysAreMisses() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        #expect(store.read("../../etc/passwd") == nil)
        #expect(throws: CacheError.self) { try store.write("short", [1]) }
    }

    @Test func storesAndRestoresFiles() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let store = try DiskArtifactStore(root: folder.file(".mass"))
        try folder.write("model weights", to: "out/model.bin")
        let hash = try store.storeFile(at: folder.file("out/model.bin"))
        #expect(hash == ContentHash.of(Array("model weights".utf8)))
        #expect(store.containsFile(hash))
        try FileManager.default.removeItem(atPath: folder.file("out"))
        #expect(store.restoreFile(hash, to: folder.file("out/model.bin")))
        #expect(try String(contentsOfFile: folder.file("out/model.bin"), encoding: .utf8) == "model weights")
    }

    @Test func damagedStoredFileIsNotRestored() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let warnings = WarningLog()
        let store = try DiskArtifactStore(root: folder.file(".mass"), onWarning: { warnings.append($0.message) })
        try folder.write("original", to: "out.txt")
        let hash = try store.storeFile(at: folder.file("out.txt"))
        try Data("tampered".utf8).write(to: URL(fileURLWithPath: store.filePath(hash)))
        #expect(!store.restoreFile(hash, to: folder.file("restored.txt")))
        #expect(!FileManager.default.fileExists(atPath: folder.file("restored.txt")))
        #expect(warnings.all.count == 1)
    }

    /// Two stores on one folder (as two processes would have) writing and
    /// reading the same keys at once: every read is a miss or the right bytes.
    @Test func concurrentWritersShareOneCache() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let warnings = WarningLog()
        let first = try DiskArtifactStore(root: folder.file(".mass"), onWarning: { warnings.append($0.message) })
        let second = try DiskArtifactStore(root: folder.file(".mass"), onWarning: { warnings.append($0.message) })
        let keys = (0..<40).map { ContentHash.of(Array("key \($0)".utf8)) }
        func payload(_ index: Int) -> [UInt8] { Array(repeating: UInt8(index), count: 50_000 + index) }

        let wrong = try await withThrowingTaskGroup(of: Int.self) { group in
            for (worker, store) in [first, second, first, second].enumerated() {
                group.addTask {
                    var wrong = 0
                    for round in 0..<5 {
                        for (index, key) in keys.enumerated() where (index + worker + round) % 2 == 0 {
                            try store.write(key, payload(index))
                        }
                        for (index, key) in keys.enumerated() {
                            if let bytes = store.read(key), bytes != payload(index) { wrong += 1 }
                        }
                    }
                    return wrong
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wrong == 0)
        #expect(warnings.all.isEmpty)
        for (index, key) in keys.enumerated() { #expect(first.read(key) == payload(index)) }
    }

    @Test func concurrentStatCacheSavesMerge() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        for index in 0..<20 {
            try folder.write("file \(index)", to: "data/\(index).txt")
            // Old enough for the stat cache to trust (see `StatCache.racyWindowNanoseconds`).
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: -60)], ofItemAtPath: folder.file("data/\(index).txt"))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<2 {
                group.addTask {
                    let cache = StatCache(path: folder.file(".mass/stat-cache"))
                    for index in stride(from: worker, to: 20, by: 2) {
                        _ = try cache.hash(ofFile: folder.file("data/\(index).txt"))
                        try cache.save()
                    }
                }
            }
            try await group.waitForAll()
        }
        let text = try String(contentsOfFile: folder.file(".mass/stat-cache"), encoding: .utf8)
        #expect(text.split(separator: "\n").count == 22, "a header, 20 files and the checksum")
    }
}
