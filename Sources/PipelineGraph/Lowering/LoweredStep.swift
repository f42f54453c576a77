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
    /// Combines the models' predictions on one fold.
    case combine(CombineSpec, models: [String], fold: Int)
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
}
