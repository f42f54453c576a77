import Foundation
import Testing

/// Shared by the test targets that need MovieLens 100k.
///
/// The MovieLens 100k file: `MASS_MOVIELENS`, else data/ml-100k/ml-100k.inter
/// under the package root, where scripts/fetch-movielens.sh puts it.
public let movieLensPath: String = {
    if let path = ProcessInfo.processInfo.environment["MASS_MOVIELENS"] { return path }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return root.appendingPathComponent("data/ml-100k/ml-100k.inter").path
}()

public let movieLensAvailable = FileManager.default.fileExists(atPath: movieLensPath)

/// CI runs with `CI=true` and fetches the data first: there a missing file is a failure, not a skip.
private var movieLensRequired: Bool {
    ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
}

private let movieLensMissing = "MovieLens 100k data missing at \(movieLensPath): run scripts/fetch-movielens.sh"

/// Fails a suite that needs the data where the data must be present.
public struct MovieLensDataMissing: Error, CustomStringConvertible {
    public var description: String { movieLensMissing }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite when the data is present. Without it, a local run skips
    /// the suite and says why in the test output; a CI run fails it.
    public static var requiresMovieLens: Self {
        .enabled(Comment(rawValue: movieLensMissing)) {
            if movieLensAvailable { return true }
            if movieLensRequired { throw MovieLensDataMissing() }
            return false
        }
    }
}
