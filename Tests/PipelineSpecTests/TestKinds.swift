import PipelineKinds
@testable import PipelineSpec

extension PipelineLoader {
    /// A loader over the kinds this build runs, for tests of the language itself.
    init(environment: [String: String]) {
        self.init(registry: Kinds.registry, environment: environment)
    }
}

/// The kinds the language tests generate specs from.
enum TestKinds {
    static let registry = Kinds.registry
}
