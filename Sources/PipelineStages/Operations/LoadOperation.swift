import MLCore
import PipelineGraph
import PipelineSpec

/// Reads a delimited rating file (or one partition of a source of several),
/// or generates synthetic ratings.
struct LoadOperation: PipelineOperation {
    let source: DataSourceSpec
    /// The partition (from 1) this node reads, for a source of several files.
    var partition: Int? = nil

    /// The one file this node reads: the source's, or its partition's. Only that
    /// file's path enters the key, so appending a partition leaves the others cached.
    private var file: FileSourceSpec? {
        guard case .file(var file) = source.origin else { return nil }
        if let partition, partition >= 1, partition <= file.partitions.count { file.path = file.partitions[partition - 1] }
        file.partitions = []
        return file
    }

    var name: String { "load" }
    var version: Int { 2 }
    /// Generated data depends only on its settings and seed, never on the node id.
    var usesSeed: Bool { false }
    /// Synthetic data without a seed of its own is generated from the pipeline's.
    var usesPipelineSeed: Bool {
        if case .synthetic(let synthetic) = source.origin { return synthetic.seed == nil }
        return source.origin.file?.sample != nil
    }

    var fileDependencies: [String] { file.map { [$0.path.value] } ?? [] }

    var configuration: ConfigValue {
        switch source.origin {
        case .file:
            guard let file else { return .null }
            let columns = file.columns.value
            var roles: [String: ConfigValue] = [
                "user": .string(columns.user.value.description),
                "item": .string(columns.item.value.description),
                "rating": .string(columns.rating.value.description),
            ]
            if let time = columns.time { roles["time"] = .string(time.value.description) }
            if let group = columns.group { roles["group"] = .string(group.value.description) }
            return [
                "data": .object([
                    source.name.value: .object([
                        "path": .string(file.path.value),
                        "format": .string(file.format.value.rawValue),
                        "delimiter": file.delimiter.map { .string($0.value) } ?? .null,
                        "header": .bool(file.header.value),
                        "columns": .object(roles),
                        "scale": file.scale.map { .array($0.value.map(ConfigValue.double)) } ?? .null,
                        "on_bad_rows": .string(file.onBadRows.value.rawValue),
                        "duplicates": .string(file.duplicates.value.rawValue),
                        "sample": file.sample.map { .string(Self.text($0.value)) } ?? .null,
                    ])
                ])
            ]
        case .synthetic(let synthetic):
            return [
                "data": .object([
                    source.name.value: .object([
                        "synthetic": .object([
                            "users": .int(synthetic.users.value), "items": .int(synthetic.items.value),
                            "ratings": .int(synthetic.ratings.value), "factors": .int(synthetic.factors.value),
                            "noise": .double(synthetic.noise.value), "skew": .double(synthetic.skew.value),
                            "scale": .array(synthetic.scale.value.map(ConfigValue.double)),
                            "seed": synthetic.seed.map { .int($0.value) } ?? .null,
                        ])
                    ])
                ])
            ]
        case .attributes: return .null
        }
    }

    func run(inputs: [Artifact], context: OperationContext) async throws -> Artifact {
        switch source.origin {
        case .file:
            guard let file else { throw StageError.malformedInput("data source '\(source.name.value)'") }
            return try load(file, folder: context.workingDirectory, pipelineSeed: context.pipelineSeed).artifact
        case .synthetic(let synthetic): return try generate(synthetic, pipelineSeed: context.pipelineSeed).artifact
        // The factory gives attribute tables their own operation.
        case .attributes: throw StageError.malformedInput("data source '\(source.name.value)'")
        }
    }

    private func load(_ file: FileSourceSpec, folder: String, pipelineSeed: UInt64) throws -> RatingsArtifact {
        let path = file.path.value.hasPrefix("/") ? file.path.value : folder + "/" + file.path.value
        let loaded: LoadedRatings
        do {
            if let sample = file.sample?.value {
                loaded = try RatingFile.load(
                    path: path, options: file.ratingFileOptions, sampling: Self.sampling(sample), seed: pipelineSeed)
            } else {
                loaded = try RatingFile.load(path: path, options: file.ratingFileOptions)
            }
        } catch {
            throw DataError.describe(error, source: source, file: file, shownPath: file.path.value)
        }
        if loaded.ratings.count == 0 {
            throw StageError(.data, "\(file.path.value): no ratings to learn from (data source '\(source.name.value)')")
        }
        return RatingsArtifact(
            ratings: loaded.ratings, scale: loaded.scale, userIDs: loaded.userIDs, itemIDs: loaded.itemIDs,
            groups: loaded.groups, groupNames: loaded.groupNames, skippedRows: loaded.skippedRows)
    }

    private func generate(_ synthetic: SyntheticSourceSpec, pipelineSeed: UInt64) throws -> RatingsArtifact {
        let scale = synthetic.scale.value[0]...synthetic.scale.value[1]
        let configuration = SyntheticRatingsConfiguration(
            users: synthetic.users.value, items: synthetic.items.value, ratings: synthetic.ratings.value,
            factors: synthetic.factors.value, noise: synthetic.noise.value, skew: synthetic.skew.value, scale: scale,
            // The decoder refuses negative seeds.
            seed: synthetic.seed.map { UInt64(clamping: $0.value) } ?? pipelineSeed)
        let generated: SyntheticRatings
        do {
            generated = try SyntheticRatings(configuration)
        } catch {
            throw StageError(.data, "cannot generate data source '\(source.name.value)': \(error.message)")
        }
        return RatingsArtifact(
            ratings: generated.ratings, scale: scale,
            userIDs: (0..<synthetic.users.value).map { "u\($0 + 1)" }, itemIDs: (0..<synthetic.items.value).map { "i\($0 + 1)" },
            groups: nil, groupNames: [], skippedRows: 0)
    }

    static func sampling(_ sample: LoadSample) -> StreamSampling {
        switch sample {
        case .uniform(let fraction): .uniform(fraction: fraction)
        case .reservoir(let size): .reservoir(size: size)
        case .recent(let size): .recent(count: size)
        case .stratified(let fraction, let byItem): .stratified(by: byItem ? .item : .user, fraction: fraction)
        }
    }

    static func text(_ sample: LoadSample) -> String {
        switch sample {
        case .uniform(let fraction): "uniform fraction=\(fraction)"
        case .reservoir(let size): "reservoir size=\(size)"
        case .recent(let size): "recent size=\(size)"
        case .stratified(let fraction, let byItem): "stratified fraction=\(fraction) by=\(byItem ? "item" : "user")"
        }
    }
}
