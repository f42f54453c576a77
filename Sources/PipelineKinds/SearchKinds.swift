import PipelineSpec

/// What a search method builds. This version runs no search method: the type
/// has no values and the table is empty, so `search:` is refused at its
/// `method` with the list of what exists.
public enum SearchStrategy: Sendable {}

enum SearchKinds {
    static let all: [Kind<Void, SearchStrategy>] = []
}
