import PipelineSpec

/// One unit of work of a pipeline, in the spec's terms. Lowering decides which
/// steps exist and how they connect; an `OperationFactory` (the stages module)
/// turns each step into the operation that does the work.
public enum LoweredStep: Sendable {
    /// A `stages:` entry.
    case command(StageSpec)
    /// Reads or generates one data source.
    case load(DataSourceSpec)
    /// Reads one partition (from 1) of a source of several files.
    case loadPartition(DataSourceSpec, partition: Int)
    /// Joins the partitions of a source into the source, in order.
    case joinPartitions(DataSourceSpec)
    /// A prequential step's data: the source's partitions 1 through `through`, each rating tagged with its partition.
    case window(DataSourceSpec, through: Int)
    /// Cuts one prequential step's data: its last partition is the test part.
    case splitStep(KindConfiguration?, step: Int)
    /// Cuts the ratings into training, validation and test parts, `folds` of them.
    case split(KindConfiguration?, folds: Int)
    /// Cuts the final fit's fold: all the data trains, with validation carved as the split says, and no test part.
    case finalSplit(KindConfiguration?)
    /// Makes one model file of the final fits and the combiner.
    case export(Lowering.ExportLayout)
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
    /// With `ensemble`, the combined target ranks every item: its inputs after
    /// the combine node are the member fits in that layout's order.
    case evaluate(target: String, fold: Int, metrics: EvaluateSpec, ensemble: CombineLayout?)
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
    /// Whether the split goes step by step over the training source's partitions
    /// (prequential): each fold then reads only the partitions up to its own.
    func splitsByPartition(_ split: KindConfiguration?) throws -> Bool
}

extension OperationFactory {
    public func splitsByPartition(_ split: KindConfiguration?) throws -> Bool { false }

    /// The plain layout: the fold's fit nodes of the listed members, or of every model.
    public func layout(of combine: CombineSpec, models: [String]) throws -> CombineLayout {
        .predictions(members: combine.members.isEmpty ? models : combine.members.map(\.value))
    }
}
