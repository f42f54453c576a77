import ArtifactCache
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Records of the nodes running now, one file each under the store's
/// `state/running/`, so that the next run can clean up after a run that
/// died (killed with SIGKILL, say):
///
///     mass-running 1
///     folder /work/project
///     group 4242 4711 1f6c…        (process group, its leader's start time, boot id)
///     output /work/project/data.csv
///
/// The running process holds an exclusive `flock` on its record; a record
/// whose lock can be taken belongs to a run that is gone. The next run then
/// ends that stage's process group if it is still there (its leader, same
/// boot, same start time) and treats its outputs as partial: mass wrote
/// them, and removes them before the node runs again.
final class StageJournal: Sendable {
    let folder: String?

    init(stateDirectory: String?) {
        folder = stateDirectory.map { $0 + "/running" }
    }

    /// Starts the record of a node about to run; `nil` when there is no journal.
    func begin(nodeID: String, workingDirectory: String, outputs: [String]) -> Entry? {
        guard let folder else { return nil }
        let name = ContentHash.of(Array((workingDirectory + "\n" + nodeID).utf8))
        let path = folder + "/" + name
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return nil }
        // A record of this node from a run that died is read by `sweep`; one that is still held
        // belongs to another process running the same node in the same folder, which the run lock prevents.
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        let entry = Entry(path: path, descriptor: descriptor, folder: workingDirectory, outputs: outputs)
        entry.write()
        return entry
    }

    /// Ends the process groups of stages whose run died, and returns the outputs
    /// (resolved paths) they were writing in `workingDirectory`. Records of other
    /// folders are left for their own pipeline's next run, after their group is ended.
    func sweep(workingDirectory: String) -> Set<String> {
        guard let folder else { return [] }
        var partial: Set<String> = []
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = folder + "/" + name
            let descriptor = open(path, O_RDWR | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            guard let data = FileManager.default.contents(atPath: path),
                let record = Record(String(decoding: data, as: UTF8.self))
            else {
                unlink(path)
                continue
            }
            if let group = record.group, group.boot == Self.bootID, let leader = ProcessStat(pid: String(group.leader)),
                leader.startTime == group.startTime
            {
                kill(-group.leader, SIGKILL)
                ProcessGroup.end(group.leader)
            }
            guard record.folder == workingDirectory else { continue }
            partial.formUnion(record.outputs)
            unlink(path)
        }
        return partial
    }

    /// The kernel's id of this boot: a pid from before a reboot names another process.
    static let bootID: String =
        (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""

    /// One running node's record, held open and locked until `end()`.
    final class Entry: @unchecked Sendable {
        private let path: String
        private let descriptor: Int32
        private let lock = NSLock()
        private var record: Record

        fileprivate init(path: String, descriptor: Int32, folder: String, outputs: [String]) {
            self.path = path
            self.descriptor = descriptor
            self.record = Record(folder: folder, outputs: outputs)
        }

        /// Adds the process group the node started.
        func recordGroup(_ leader: Int32) {
            lock.withLock {
                let start = ProcessStat(pid: String(leader))?.startTime ?? 0
                record.group = (leader, start, StageJournal.bootID)
            }
            write()
        }

        fileprivate func write() {
            let bytes = lock.withLock { Array(record.text.utf8) }
            ftruncate(descriptor, 0)
            _ = bytes.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }

        /// The node finished (or failed, or was stopped): the record goes.
        func end() {
            unlink(path)
            close(descriptor)
        }
    }

    fileprivate struct Record {
        var folder: String
        var outputs: [String]
        var group: (leader: Int32, startTime: UInt64, boot: String)?

        init(folder: String, outputs: [String]) {
            self.folder = folder
            self.outputs = outputs
        }

        init?(_ text: String) {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true)
            guard lines.first == "mass-running 1" else { return nil }
            folder = ""
            outputs = []
            for line in lines.dropFirst() {
                let parts = line.split(separator: " ", maxSplits: 1)
                guard parts.count == 2 else { continue }
                let value = String(parts[1])
                switch parts[0] {
                case "folder": folder = value
                case "output": outputs.append(value)
                case "group":
                    let fields = value.split(separator: " ")
                    if fields.count == 3, let leader = Int32(fields[0]), let start = UInt64(fields[1]) {
                        group = (leader, start, String(fields[2]))
                    }
                default: continue
                }
            }
        }

        var text: String {
            var lines = ["mass-running 1", "folder \(folder)"]
            if let group { lines.append("group \(group.leader) \(group.startTime) \(group.boot)") }
            lines += outputs.map { "output \($0)" }
            return lines.joined(separator: "\n") + "\n"
        }
    }
}

/// A node's journal record, begun when it has outputs or starts a process, whichever comes first.
final class JournalSlot: @unchecked Sendable {
    private let journal: StageJournal
    private let nodeID: String
    private let workingDirectory: String
    private let lock = NSLock()
    private var entry: StageJournal.Entry?
    private var begun = false

    init(journal: StageJournal, nodeID: String, workingDirectory: String) {
        self.journal = journal
        self.nodeID = nodeID
        self.workingDirectory = workingDirectory
    }

    func begin(outputs: [String]) {
        lock.withLock {
            guard !begun else { return }
            begun = true
            entry = journal.begin(nodeID: nodeID, workingDirectory: workingDirectory, outputs: outputs)
        }
    }

    func recordGroup(_ leader: Int32) {
        begin(outputs: [])
        lock.withLock { entry }?.recordGroup(leader)
    }

    func end() {
        lock.withLock {
            entry?.end()
            entry = nil
        }
    }
}
