extension Metric {
    /// Reads a metric name such as `rmse`, `huber@0.5` or `ndcg@10`
    /// (case-insensitive, surrounding spaces ignored).
    ///
    /// - Throws: `MLCoreError.unknownMetric` for a name that is not a metric
    ///   (with close names as candidates), `.invalidParameter` for a missing,
    ///   superfluous or out-of-range parameter.
    public init(parsing text: String) throws(MLCoreError) {
        let trimmed = text.trimmingSpaces().lowercased()
        let pieces = trimmed.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
        let base = String(pieces[0])
        let parameter = pieces.count > 1 ? String(pieces[1]) : nil
        switch base {
        case "rmse", "mae", "mse":
            guard parameter == nil else { throw MLCoreError.invalid("metric", "\(base) takes no parameter, got \"\(text)\"") }
            self = base == "rmse" ? .rmse : base == "mae" ? .mae : .mse
        case "huber":
            guard let parameter else {
                self = .huber(delta: 1)
                return
            }
            guard let delta = Double(parameter), delta > 0, delta.isFinite else {
                throw MLCoreError.invalid("metric", "huber's delta must be a number > 0, as in huber@1.5; got \"\(text)\"")
            }
            self = .huber(delta: delta)
        case "mrr":
            if let parameter {
                self = .mrr(k: try Self.cutoff(parameter, base: base, original: text))
            } else {
                self = .mrr(k: nil)
            }
        case "precision", "recall", "ndcg", "map", "hit", "coverage":
            guard let parameter else {
                throw MLCoreError.invalid("metric", "\(base) needs a cut-off, as in \(base)@10")
            }
            let k = try Self.cutoff(parameter, base: base, original: text)
            switch base {
            case "precision": self = .precision(k: k)
            case "recall": self = .recall(k: k)
            case "ndcg": self = .ndcg(k: k)
            case "map": self = .map(k: k)
            case "hit": self = .hit(k: k)
            default: self = .coverage(k: k)
            }
        default:
            let candidates = Self.closeBaseNames(to: base).map { parameter == nil ? $0 : "\($0)@\(parameter ?? "")" }
            var message = "unknown metric \"\(text)\""
            message +=
                candidates.isEmpty
                ? "; known metrics: \(Self.nameForms.joined(separator: ", "))"
                : "; did you mean " + candidates.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
            throw MLCoreError(code: .unknownMetric, message: message, parameter: "metric", candidates: candidates)
        }
    }

    private static func cutoff(_ parameter: String, base: String, original: String) throws(MLCoreError) -> Int {
        guard let k = Int(parameter), k >= 1 else {
            throw MLCoreError.invalid(
                "metric", "\(base)'s cut-off must be a whole number ≥ 1, as in \(base)@10; got \"\(original)\"")
        }
        return k
    }

    private static func closeBaseNames(to base: String) -> [String] {
        let wanted = Array(base)
        return baseNames.enumerated()
            .map { (distance: RatingFile.editDistance(wanted, Array($0.element)), position: $0.offset, name: $0.element) }
            .filter { $0.distance <= (wanted.count <= 3 ? 1 : max(2, wanted.count / 3)) }
            .sorted { ($0.distance, $0.position) < ($1.distance, $1.position) }
            .prefix(3).map(\.name)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
