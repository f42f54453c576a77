import PipelineBasics

extension SpecDecoder {
    func decodeEvaluate(_ node: ConfigNode, owner: SourcePosition) -> EvaluateSpec? {
        guard let reader = MappingReader(node, context: "'evaluate'", sink: sink, owner: owner) else { return nil }
        reader.rejectUnknownKeys(allowed: ["metrics", "relevance", "huber_delta", "candidates", "gates"])
        var metrics: [Located<MetricName>] = []
        if let list = reader.required("metrics", hint: "e.g. metrics: [rmse, mae]") {
            if case .sequence(let items, _) = list {
                for item in items {
                    guard let metric = metricName(item, "a metric in 'evaluate.metrics'") else { continue }
                    if metrics.contains(metric) {
                        sink.error(
                            .duplicateMetric, "metric '\(metric.value)' is listed twice in 'evaluate.metrics'",
                            at: metric.position)
                    } else {
                        metrics.append(metric)
                    }
                }
                if items.isEmpty {
                    sink.error(
                        .invalidValue, "'metrics' in 'evaluate' is empty", at: list.position, hints: ["e.g. metrics: [rmse, mae]"]
                    )
                }
            } else {
                _ = reading.stringList(list, "'metrics' in 'evaluate'")
            }
        }
        let relevance = reader["relevance"].flatMap { reading.double($0, "'relevance' in 'evaluate'") }
        let huberDelta = reader["huber_delta"].flatMap { node -> Located<Double>? in
            guard let delta = reading.double(node, "'huber_delta' in 'evaluate'") else { return nil }
            guard delta.value > 0 else {
                sink.error(
                    .outOfBounds, "'huber_delta' in 'evaluate' must be in (0, inf), found \(reading.written(node, delta.value))",
                    at: delta.position)
                return nil
            }
            return delta
        }
        let candidates = reader["candidates"].flatMap {
            reading.choice(
                $0, "'candidates' in 'evaluate'", as: RankingCandidates.self, options: RankingCandidates.allCases)
        }
        let gates = reader["gates"].map(decodeGates) ?? []
        return EvaluateSpec(
            metrics: metrics, relevance: relevance, huberDelta: huberDelta, candidates: candidates, gates: gates)
    }

    func metricName(_ node: ConfigNode, _ what: String) -> Located<MetricName>? {
        guard let text = reading.string(node, what) else { return nil }
        return metricName(text)
    }

    func metricName(_ text: Located<String>) -> Located<MetricName>? {
        if let metric = MetricName(parsing: text.value) { return text.map { _ in metric } }
        var hints = didYouMean(text.value, among: MetricName.suggestionNames)
        if text.value.hasSuffix("@") || text.value.contains("@0") || text.value.contains("@-") {
            hints = ["the cut-off after '@' is a positive integer, e.g. '\(text.value.split(separator: "@").first ?? "ndcg")@10'"]
        }
        hints.append("known metrics: " + MetricName.catalog.map(\.name).joined(separator: ", "))
        sink.error(.unknownMetric, "unknown metric '\(text.value)'", at: text.position, hints: hints)
        return nil
    }

    private func decodeGates(_ node: ConfigNode) -> [Gate] {
        guard let reader = MappingReader(node, context: "'gates' in 'evaluate'", sink: sink) else { return [] }
        var gated: [MetricName: Located<String>] = [:]
        return reader.entries.compactMap { entry in
            guard let metric = metricName(entry.key) else { return nil }
            // `ndcg@10` and `ndcg@010` are one metric; duplicate keys are reported by the reader.
            if let first = gated[metric.value] {
                if first.value != entry.key.value {
                    sink.error(
                        .duplicateGate, "two gates for metric '\(metric.value)': '\(first.value)' and '\(entry.key.value)'",
                        at: entry.key.position,
                        notes: ["first gate at line \(first.position.line), column \(first.position.column)"],
                        hints: ["merge them into one gate with 'min' and 'max'"])
                }
                return nil
            }
            gated[metric.value] = entry.key
            let context = "gate '\(entry.key.value)'"
            guard let bounds = MappingReader(entry.value, context: context, sink: sink, owner: entry.key.position) else {
                return nil
            }
            let allowed = ["min", "max", "max_regression", "baseline", "significance"]
            bounds.rejectUnknownKeys(allowed: allowed)
            // A misspelled bound is reported as an unknown key with "did you mean"; that is enough.
            for bound in ["min", "max"] {
                if let misspelled = bounds.misspelling(of: bound), !allowed.contains(misspelled.key.value) { return nil }
            }
            let min = bounds["min"].flatMap { reading.double($0, "'min' in \(context)") }
            let max = bounds["max"].flatMap { reading.double($0, "'max' in \(context)") }
            let regression = bounds["max_regression"].flatMap { regressionMargin($0, context: context) }
            let baseline = bounds["baseline"].flatMap { reading.string($0, "'baseline' in \(context)") }
            let significance = bounds["significance"].flatMap { reading.double($0, "'significance' in \(context)") }
            if bounds["min"] == nil && bounds["max"] == nil && bounds["max_regression"] == nil {
                sink.error(
                    .missingKey, "\(context) needs 'min', 'max' or 'max_regression'", at: bounds.missingKeyPosition,
                    hints: [
                        "e.g. \(entry.key.value): {\(metric.value.lowerIsBetter ? "max" : "min"): ...}, "
                            + "or {max_regression: 0.002, baseline: main} to compare with another revision"
                    ])
                return nil
            }
            if bounds["max_regression"] == nil {
                for key in ["baseline", "significance"] where bounds[key] != nil {
                    sink.error(
                        .missingKey, "'\(key)' in \(context) needs 'max_regression'", at: bounds.keyPosition(key),
                        hints: ["e.g. \(entry.key.value): {max_regression: 0.002, baseline: main}"])
                    return nil
                }
            }
            if let significance, !(significance.value > 0 && significance.value < 1) {
                sink.error(
                    .outOfBounds,
                    "'significance' in \(context) must be in (0, 1), found \(formatNumberForMessage(significance.value))",
                    at: significance.position, hints: ["e.g. significance: 0.05"])
                return nil
            }
            if bounds["max_regression"] != nil && regression == nil { return nil }
            if let min, let max, min.value > max.value {
                let low = bounds["min"].map { reading.written($0, min.value) } ?? formatNumberForMessage(min.value)
                let high = bounds["max"].map { reading.written($0, max.value) } ?? formatNumberForMessage(max.value)
                sink.error(.invalidBounds, "\(context) has min \(low) above max \(high)", at: min.position)
                return nil
            }
            return Gate(
                metric: metric, min: min, max: max, maxRegression: regression, baseline: baseline, significance: significance)
        }
    }

    /// `max_regression: 0.002` (the metric's units) or `max_regression: 1%` (of the baseline's value).
    private func regressionMargin(_ node: ConfigNode, context: String) -> Located<RegressionMargin>? {
        let what = "'max_regression' in \(context)"
        if let number = reading.number(node), let value = number.number {
            guard value >= 0 else {
                sink.error(.outOfBounds, "\(what) must not be negative, found \(reading.written(node, value))", at: node.position)
                return nil
            }
            return Located(.absolute(value), at: node.position)
        }
        guard let text = reading.string(node, what) else { return nil }
        guard let margin = RegressionMargin(text: text.value) else {
            sink.error(
                .invalidValue, "\(what) must be a number or a percentage, found '\(text.value)'", at: text.position,
                hints: ["e.g. max_regression: 0.002, or max_regression: 1%"])
            return nil
        }
        return text.map { _ in margin }
    }
}
