import ArgumentParser
import Foundation
import MLModels

/// Reads exported model files for the commands that answer with them.
enum ModelFileReading {
    /// The ensemble and provenance of the model file at `path`; a missing, foreign,
    /// truncated or damaged file is a one-line error and exit code 1.
    static func read(_ path: String) throws -> (Ensemble, EnsembleProvenance) {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.error(
                "mass: error: cannot read the model file \(path)\nhint: write one with `mass export PIPELINE -o \(path)`")
            throw MassExit.failure
        }
        do {
            return try EnsembleFile.decode(Array(data))
        } catch {
            Console.error("mass: error: \(path) is not a model file this build can read: \(error.message)")
            throw MassExit.failure
        }
    }

    /// Refuses to replace a file that is not a model file: an export never overwrites what it did not write.
    static func checkWritable(_ path: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return }
        let handle = FileHandle(forReadingAtPath: path)
        let head = (try? handle?.read(upToCount: EnsembleFile.magic.count)).flatMap { $0 }.map(Array.init) ?? []
        try? handle?.close()
        if !isFolder.boolValue && head == EnsembleFile.magic { return }
        Console.error(
            "mass: error: \(path) exists and is not a mass model file; it is left as it is\nhint: choose another path with -o"
        )
        throw MassExit.badInput
    }
}
