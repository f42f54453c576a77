import PipelineBasics

extension SpecDecoder {
    func decodeSearch(_ node: ConfigNode, owner: SourcePosition) -> SearchSpec? {
        guard let reader = MappingReader(node, context: "'search'", sink: sink, owner: owner) else { return nil }
        let configuration = kinds.decode(
            reader, kindKey: "method", category: "search method", kinds: registry.searches,
            extraKeys: ["objective", "space"])
        let objective = reader.required("objective", hint: "e.g. objective: {metric: rmse, goal: minimize}").flatMap {
            decodeObjective($0, owner: reader.keyPosition("objective"))
        }
        let space = reader.required("space", hint: "e.g. space: {models.svd.lr: loguniform(0.001, 0.05)}").map(decodeSpace) ?? []
        guard let configuration, let objective else { return nil }
        return SearchSpec(configuration: configuration, objective: objective, space: space)
    }

    private func decodeObjective(_ node: ConfigNode, owner: SourcePosition) -> Objective? {
        // The short form `objective: rmse` takes the metric's natural direction.
        if case .scalar = node {
            guard let metric = metricName(node, "'objective' in 'search'") else { return nil }
            return Objective(metric: metric, goal: metric.map { $0.lowerIsBetter ? .minimize : .maximize })
        }
        guard let reader = MappingReader(node, context: "'objective' in 'search'", sink: sink, owner: owner) else { return nil }
        reader.rejectUnknownKeys(allowed: ["metric", "goal"])
        let metric = reader.required("metric", hint: "e.g. objective: {metric: rmse, goal: minimize}")
            .flatMap { metricName($0, "'metric' in 'search.objective'") }
        let goal = reader["goal"].flatMap {
            reading.choice($0, "'goal' in 'search.objective'", as: Objective.Goal.self, options: Objective.Goal.allCases)
        }
        guard let metric else { return nil }
        if let goal { warnAgainstDirection(goal, of: metric) }
        return Objective(metric: metric, goal: goal ?? metric.map { $0.lowerIsBetter ? .minimize : .maximize })
    }

    /// Minimizing a metric where higher is better (or the reverse) searches for the worst model.
    private func warnAgainstDirection(_ goal: Located<Objective.Goal>, of metric: Located<MetricName>) {
        let natural: Objective.Goal = metric.value.lowerIsBetter ? .minimize : .maximize
        guard goal.value != natural else { return }
        let better = metric.value.lowerIsBetter ? "lower" : "higher"
        sink.warning(
            .objectiveDirection, "'goal: \(goal.value.rawValue)' for '\(metric.value)', where \(better) is better",
            at: goal.position, hints: ["use 'goal: \(natural.rawValue)', or leave 'goal' out to take the metric's direction"])
    }

    private func decodeSpace(_ node: ConfigNode) -> [SearchDimension] {
        guard let reader = MappingReader(node, context: "'space' in 'search'", sink: sink) else { return [] }
        if reader.entries.isEmpty {
            sink.error(
                .invalidSpace, "the search space is empty", at: reader.position,
                hints: ["add a dimension, e.g. models.svd.lr: loguniform(0.001, 0.05)"])
        }
        return reader.entries.compactMap { entry in
            distribution(entry.value, path: entry.key.value).map {
                SearchDimension(path: entry.key, distribution: $0.distribution, argumentPositions: $0.argumentPositions)
            }
        }
    }

    /// A search-space expression, or a YAML list as shorthand for `choice`.
    private func distribution(_ node: ConfigNode, path: String) -> (
        distribution: Located<Distribution>, argumentPositions: [SourcePosition]
    )? {
        switch node {
        case .sequence(let items, let position):
            var values: [(value: ParameterValue, position: SourcePosition)] = []
            for item in items {
                if item.isPoisoned { return nil }
                guard case .scalar(let scalar) = item, let value = ExpressionParser.parameterValue(scalar.resolved) else {
                    sink.error(.invalidSpace, "choices of '\(path)' must be numbers, strings or booleans", at: item.position)
                    return nil
                }
                values.append((value, item.position))
            }
            return ExpressionParser.checkedChoice(values, at: position, path: path, sink: sink).map {
                ($0, values.map(\.position))
            }
        case .scalar(let scalar):
            guard !scalar.isPoisoned else { return nil }
            // Text substituted from a param has no place of its own on this line: point at the reference.
            let positions = ScalarTextPositions(scalar: scalar, sourceLines: sourceLines)
            let locate: (Int) -> SourcePosition =
                scalar.origin == nil ? { positions.position(ofOffset: $0) } : { _ in scalar.position }
            var parser = ExpressionParser(
                text: scalar.text, path: path, sink: sink, notes: reading.originNotes(node), locate: locate)
            return parser.parse().map { ($0, parser.argumentPositions) }
        case .mapping:
            sink.error(
                .invalidSpace, "'\(path)' must be a search expression such as loguniform(0.001, 0.1), found a mapping",
                at: node.position)
            return nil
        }
    }
}
