import Foundation
import Testing

/// MovieLens 100k as scripts/fetch-movielens.sh leaves it, for the suites that need it.
enum MovieLensData {
    static let file = MassProcess.repositoryRoot.appendingPathComponent("data/ml-100k/ml-100k.inter")

    static var isPresent: Bool { FileManager.default.fileExists(atPath: file.path) }

    /// CI runs with `CI=true` and fetches the data first: there a missing file is a failure, not a skip.
    static var isRequired: Bool {
        ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
    }

    static var missing: String { "MovieLens 100k data missing at \(file.path): run scripts/fetch-movielens.sh" }
}

/// Fails a suite that needs the data where the data must be present.
struct MovieLensDataMissing: Error, CustomStringConvertible {
    var description: String { MovieLensData.missing }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite when the data is present. Without it, a local run skips
    /// the suite and says why in the test output; a CI run fails it.
    static var requiresMovieLens: Self {
        .enabled(Comment(rawValue: MovieLensData.missing)) {
            if MovieLensData.isPresent { return true }
            if MovieLensData.isRequired { throw MovieLensDataMissing() }
            return false
        }
    }
}
