import PipelineBasics

extension SpecDecoder {
    func decodeEvaluate(_ node: ConfigNode, owner: SourcePosition) -> EvaluateSpec? {
        guard let reader = MappingReader(node, context: "'evaluate'", sink: sink, owner: owner) else { return nil }
        reader.rejectUnknownKeys(allowed: ["metrics", "relevance", "huber_delta", "gates"])
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
        let gates = reader["gates"].map(decodeGates) ?? []
        return EvaluateSpec(metrics: metrics, relevance: relevance, huberDelta: huberDelta, gates: gates)
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
            bounds.rejectUnknownKeys(allowed: ["min", "max"])
            // A misspelled bound is reported as an unknown key with "did you mean"; that is enough.
            if bounds.misspelling(of: "min") != nil || bounds.misspelling(of: "max") != nil { return nil }
            let min = bounds["min"].flatMap { reading.double($0, "'min' in \(context)") }
            let max = bounds["max"].flatMap { reading.double($0, "'max' in \(context)") }
            if bounds["min"] == nil && bounds["max"] == nil {
                sink.error(
                    .missingKey, "\(context) needs 'min' or 'max'", at: bounds.missingKeyPosition,
                    hints: ["e.g. \(entry.key.value): {\(metric.value.lowerIsBetter ? "max" : "min"): ...}"])
                return nil
            }
            if let min, let max, min.value > max.value {
                let low = bounds["min"].map { reading.written($0, min.value) } ?? formatNumberForMessage(min.value)
                let high = bounds["max"].map { reading.written($0, max.value) } ?? formatNumberForMessage(max.value)
                sink.error(.invalidBounds, "\(context) has min \(low) above max \(high)", at: min.position)
                return nil
            }
            return Gate(metric: metric, min: min, max: max)
        }
    }
}
