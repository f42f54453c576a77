import ArgumentParser
import ArtifactCache
import Foundation

struct GcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Remove cached artifacts that no lock file references.",
        discussion:
            "Keeps what the lock files of the given pipelines (default: every *.yaml with a .lock in the current folder and pipelines/) reference."
    )

    @Argument(help: "Pipeline files whose results to keep.") var files: [String] = []
    @Option(
        help: ArgumentHelp("The cache folder (default: .mass/ beside the first pipeline, or $MASS_CACHE_DIR).", valueName: "DIR"))
    var cacheDir: String?
    @Flag(help: "Only show what would be removed.") var dryRun = false

    func run() throws {
        let pipelines = files.isEmpty ? discoverPipelines() : files
        guard let first = pipelines.first else {
            Console.error("mass gc: error: no pipeline files given or found\nhint: mass gc pipelines/my.yaml")
            throw MassExit.badInput
        }
        var locks: [LockFile] = []
        for pipeline in pipelines {
            let path = LockFile.path(forPipeline: pipeline)
            do {
                if let lock = try LockFile.read(from: path) { locks.append(lock) }
            } catch {
                Console.error(
                    "mass gc: error: cannot read \(path): \(error)\nhint: nothing was removed; fix or delete the lock file first")
                throw MassExit.failure
            }
        }
        let root = CacheLocation.root(forPipeline: first, override: cacheDir)
        do {
            let store = try DiskArtifactStore(root: root, onWarning: CacheWarnings.print)
            let report = try store.collectGarbageExclusively(keeping: locks, dryRun: dryRun)
            let size = ByteCountFormatter.string(fromByteCount: report.bytes, countStyle: .file)
            let verb = dryRun ? "would remove" : "removed"
            Console.out(
                "\(root): \(verb) \(report.artifacts.count) artifacts and \(report.files.count) files (\(size)); kept what \(locks.count) lock files reference"
            )
        } catch {
            Console.error("mass gc: error: \(error)")
            throw MassExit.failure
        }
    }

    private func discoverPipelines() -> [String] {
        let manager = FileManager.default
        return [".", "pipelines"].flatMap { folder -> [String] in
            let names = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                .map { folder == "." ? $0 : "\(folder)/\($0)" }
                .filter { manager.fileExists(atPath: LockFile.path(forPipeline: $0)) }
        }
    }
}
