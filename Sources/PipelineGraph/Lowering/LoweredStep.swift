import PipelineSpec

/// One unit of work of a pipeline, in the spec's terms. Lowering decides which
/// steps exist and how they connect; an `OperationFactory` (the stages module)
/// turns each step into the operation that does the work.
public enum LoweredStep: Sendable {
    /// A `stages:` entry.
    case command(StageSpec)
    /// Reads or generates one data source.
    case load(DataSourceSpec)
    /// Cuts the ratings into training, validation and test parts, `folds` of them.
    case split(KindConfiguration?, folds: Int)
    /// Samples the training part of one fold (folds count from 1).
    case sample(KindConfiguration, fold: Int)
    /// Trains a model on one fold's training part and predicts its test and validation parts.
    case fit(ModelSpec, fold: Int)
    /// A fit that belongs to the combiner: a bagging member, a boosting round,
    /// an inner part for out-of-fold predictions.
    case fitMember(ModelSpec, CombineSpec, role: MemberRole, fold: Int)
    /// Combines the members' predictions on one fold. `inputs` describes the
    /// nodes after the data and split, in order.
    case combine(CombineSpec, layout: CombineLayout, fold: Int)
    /// Scores one target's test predictions on one fold (`target` is a model name or `combined`).
    case evaluate(target: String, fold: Int, metrics: EvaluateSpec)
    /// Summarizes every evaluation over the folds: the pipeline's results.
    case summarize(targets: [String], folds: Int, metrics: EvaluateSpec)
    /// Writes the report files.
    case report(ReportSpec)
}

/// Builds the operation of each step.
public protocol OperationFactory: Sendable {
    func operation(for step: LoweredStep) throws -> any PipelineOperation
    /// The fits a combine section needs, as its kind says.
    func layout(of combine: CombineSpec, models: [String]) throws -> CombineLayout
}

extension OperationFactory {
    /// The plain layout: the fold's fit nodes of the listed members, or of every model.
    public func layout(of combine: CombineSpec, models: [String]) throws -> CombineLayout {
        .predictions(members: combine.members.isEmpty ? models : combine.members.map(\.value))
    }
}
