import Foundation
import PipelineExecutor
import PipelineGraph
import PipelineSpec

/// Maps every lowered step of a pipeline to the operation that runs it.
public struct StageFactory: OperationFactory {
    public let spec: PipelineSpec

    public init(spec: PipelineSpec) {
        self.spec = spec
    }

    public func operation(for step: LoweredStep) throws -> any PipelineOperation {
        switch step {
        case .command(let stage):
            return commandStage(stage)
        default:
            throw StageError(.unsupported, "this step is not supported yet")
        }
    }

    private func commandStage(_ stage: StageSpec) -> CommandStage {
        let values = Dictionary(spec.params.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { first, _ in first })
        var params: [String: ConfigValue] = [:]
        for name in stage.params.map(\.value) {
            params[name] = values[name].map(ConfigValue.init) ?? .null
        }
        return CommandStage(
            command: stage.run.value,
            environment: Dictionary(stage.env.map { ($0.name.value, $0.value.value) }, uniquingKeysWith: { _, last in last }),
            deps: stage.deps.map(\.value), outs: stage.outs.map(\.value), params: .object(params))
    }
}

extension ConfigValue {
    /// A spec parameter value as configuration that enters fingerprints.
    public init(_ value: ParameterValue) {
        switch value {
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .bool(let flag): self = .bool(flag)
        case .string(let text): self = .string(text)
        case .list(let values): self = .array(values.map(ConfigValue.init))
        }
    }
}
