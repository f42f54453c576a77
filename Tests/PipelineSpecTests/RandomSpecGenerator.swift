import PipelineBasics
@testable import PipelineSpec

/// Generates random pipeline specs that are valid by construction, for
/// property tests. Deterministic for a seed.
struct RandomSpecGenerator {
    private var state: UInt64
    private let registry = TestKinds.registry
    private let here = SourcePosition.unknown

    init(seed: UInt64) { state = seed &+ 0x9e37_79b9_7f4a_7c15 }

    /// SplitMix64: enough randomness for test data, fixed by this file.
    private mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce5_e9b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    private mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    private mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    private mutating func pick<T>(_ values: [T]) -> T { values[int(0...values.count - 1)] }

    private func at<T>(_ value: T) -> Located<T> { Located(value, at: here) }

    private mutating func word() -> String {
        String((0..<int(3...8)).map { _ in pick(Array("abcdefghijklmnopqrstuvwxyz")) })
    }

    /// A value inside the parameter's type and bounds.
    private mutating func value(for parameter: ParameterDescriptor) -> ParameterValue {
        let low = parameter.bounds?.low ?? 0
        // Side features name attributes of data tables the generator does not write.
        if parameter.name == ModelSpec.featuresParameter { return .list([]) }
        switch parameter.type {
        case .int:
            let floor = Int(low) + ((parameter.bounds?.includesLow ?? true) ? 0 : 1)
            let ceiling = parameter.bounds?.high.map(Int.init) ?? floor + 500
            return .int(int(floor...max(floor, ceiling)))
        case .double:
            let high = parameter.bounds?.high ?? low + 100
            // Strictly inside the bounds, whatever their openness.
            return .double(low + (high - low) * Double(int(1...999)) / 1000)
        case .bool: return .bool(chance(50))
        case .string, .path: return .string(word() + " " + word())
        case .choice(let options): return .string(pick(options))
        case .stringList, .pathList: return .list((0..<int(0...3)).map { _ in .string(word()) })
        case .numberPair: return .list([.double(1), .double(5)])
        case .intList: return .list((0..<int(1...3)).map { _ in .int(int(max(1, Int(low))...64)) })
        case .choiceOrList(let options): return .string(pick(options))
        case .choiceList(let options): return .list(options.filter { _ in chance(50) }.map(ParameterValue.string))
        // Replaced by real model names where the spec is assembled.
        case .modelName, .modelNames: return .string("model")
        case .window:
            return chance(50)
                ? .string("\(int(1...90))d") : chance(50) ? .int(int(1...100_000)) : .list([.string("rows"), .int(int(2...500))])
        case .duration: return chance(50) ? .string("\(int(1...90))m") : .int(int(1...3600))
        case .stoppingRule(let metrics):
            let patience = ParameterValue.int(int(1...20))
            return chance(50) ? patience : .list([patience, .string(pick(metrics))])
        }
    }

    private mutating func configuration(_ kind: KindDescriptor) -> KindConfiguration {
        var written: [String: Located<ParameterValue>] = [:]
        for parameter in kind.parameters where parameter.isRequired || chance(50) {
            written[parameter.name] = at(value(for: parameter))
        }
        return KindConfiguration(kind: at(kind.name), parameters: ParameterSet(descriptor: kind, written: written))
    }

    mutating func spec() -> PipelineSpec {
        let users = int(5...200), items = int(5...200)
        let data = DataSourceSpec(
            name: at("ratings"),
            origin: chance(50)
                ? .synthetic(
                    SyntheticSourceSpec(
                        users: at(users), items: at(items), ratings: at(int(1...users * items)), factors: at(int(1...20)),
                        noise: at(Double(int(0...100)) / 100), skew: at(Double(int(0...20)) / 10), scale: at([1, 5]),
                        seed: chance(50) ? at(int(0...1000)) : nil))
                : .file(
                    FileSourceSpec(
                        path: at("data/" + word() + ".csv"), format: at(pick(FileFormat.allCases)),
                        delimiter: chance(30) ? at(",") : nil,
                        header: at(chance(80)),
                        columns: at(
                            ColumnRoles(
                                user: at(.name(word())), item: at(.index(int(0...5))), rating: at(.name("rating")),
                                time: at(.name("time")))),
                        scale: chance(50) ? at([0.5, 5]) : nil, onBadRows: at(pick(BadRowPolicy.allCases)),
                        duplicates: at(pick(DuplicatePolicy.allCases)))))

        var split = configuration(pick(registry.splits.filter { $0.name != "given" && !$0.requirements.contains(.partitions) }))
        var models: [ModelSpec] = []
        for index in 0..<int(1...4) {
            models.append(ModelSpec(name: at("m\(index)_" + word()), configuration: configuration(pick(registry.models))))
        }
        var combine: CombineSpec?
        if chance(70) {
            let method = pick(registry.combiners)
            var settings = configuration(method)
            for parameter in method.parameters where settings.parameters.written[parameter.name] != nil {
                if parameter.type == .modelName {
                    settings.parameters.written[parameter.name] = at(.string(models[0].name.value))
                }
                if parameter.type == .modelNames {
                    settings.parameters.written[parameter.name] = at(.list(models.map { .string($0.name.value) }))
                }
            }
            for extra in method.atMostOneOf.dropFirst() { settings.parameters.written[extra] = nil }
            let meta = method.sections.contains("meta") ? configuration(pick(registry.metaModels)) : nil
            let members = method.sections.contains("members") && chance(50) ? [models[0].name] : []
            combine = CombineSpec(configuration: settings, members: members, meta: meta)
            if let combine, method.requirements(written: combine.writtenKeys).contains(.validationPart) {
                split.parameters.written["validation"] = at(.double(0.1))
            }
        }
        let metrics: [MetricName] = [.rmse] + (chance(50) ? [.mae] : []) + (chance(50) ? [.ndcg(k: int(1...20))] : [])
        let evaluate = EvaluateSpec(
            metrics: metrics.map(at), relevance: chance(30) ? at(4) : nil, huberDelta: chance(20) ? at(1.5) : nil,
            gates: chance(50) ? [Gate(metric: at(.rmse), max: at(1.25))] : [])
        let search = search(models)
        if search != nil { split.parameters.written["validation"] = at(.double(0.1)) }
        return PipelineSpec(
            version: at(1), name: chance(50) ? at(word()) : nil, seed: at(int(0...100_000)), data: [data],
            stages: stages(), split: split, sample: chance(50) ? sample() : nil, models: models, combine: combine,
            search: search, evaluate: evaluate,
            report: chance(50)
                ? ReportSpec(json: at("out/" + word() + ".json"), markdown: chance(50) ? at("out/s.md") : nil) : nil)
    }

    private mutating func sample() -> KindConfiguration {
        let kind = pick(registry.samplers.filter { $0.name != "recent" || true })
        var written: [String: Located<ParameterValue>] = [:]
        switch kind.name {
        case "uniform", "recent", "stratified": written["fraction"] = at(.double(Double(int(1...99)) / 100))
        case "reservoir": written["size"] = at(.int(int(1...10_000)))
        default: break
        }
        if kind.name == "stratified" && chance(50) { written["by"] = at(.string(pick(["user", "item"]))) }
        return KindConfiguration(kind: at(kind.name), parameters: ParameterSet(descriptor: kind, written: written))
    }

    private mutating func stages() -> [StageSpec] {
        (0..<int(0...3)).map { index in
            StageSpec(
                name: at("s\(index)"), run: at("echo \(word()) > out\(index).txt"),
                deps: index > 0 ? [at("out\(index - 1).txt")] : [], outs: [at("out\(index).txt")],
                env: chance(30) ? [EnvironmentEntry(name: at("MODE"), value: at(word()))] : [])
        }
    }

    private mutating func search(_ models: [ModelSpec]) -> SearchSpec? {
        guard chance(60) else { return nil }
        var space: [SearchDimension] = []
        for model in models {
            for parameter in model.parameters.descriptor.parameters where parameter.isTunable && chance(50) {
                let path = at("models.\(model.name.value).\(parameter.name)")
                if let distribution = distribution(for: parameter) {
                    space.append(SearchDimension(path: path, distribution: at(distribution)))
                }
            }
        }
        guard !space.isEmpty else { return nil }
        let method = pick(registry.searches.filter { $0.name != "grid" })
        return SearchSpec(
            configuration: configuration(method), objective: Objective(metric: at(.rmse), goal: at(.minimize)), space: space)
    }

    private mutating func distribution(for parameter: ParameterDescriptor) -> Distribution? {
        switch parameter.type {
        case .int:
            let low = max(1, Int(parameter.bounds?.low ?? 1) + 1)
            return chance(50) ? .int(low: low, high: low + int(1...100), log: chance(50)) : .choice([.int(low), .int(low + 1)])
        case .double:
            let low = (parameter.bounds?.low ?? 0) + 0.001
            let high = min(parameter.bounds?.high ?? 1, low + 0.5) - 0.0001
            return chance(50) ? .logUniform(low: low, high: high) : .uniform(low: low, high: high)
        case .bool: return .choice([.bool(true), .bool(false)])
        case .choice(let options): return .choice(options.map(ParameterValue.string))
        default: return nil
        }
    }
}
