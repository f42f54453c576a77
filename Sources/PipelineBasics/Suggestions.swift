import EditDistance

/// The closest candidates to a misspelled name, best first: those within a
/// third of the name's length (at least one edit), ties broken alphabetically;
/// after them, candidates that the name starts with or that start with the
/// name (`bayesian` for `bayes`, `maximum` for `max`), shortest difference first.
public func suggestions(for name: String, among candidates: [String], limit: Int = 1) -> [String] {
    let allowed = max(1, name.count / 3)
    let lowered = name.lowercased()
    let ranked = candidates.compactMap { candidate -> (candidate: String, score: Int)? in
        guard candidate != name else { return nil }
        let other = candidate.lowercased()
        let distance = editDistance(lowered, other)
        if distance <= allowed { return (candidate, distance) }
        if isMeaningfulPrefix(other, of: lowered, minimum: 3) || isMeaningfulPrefix(lowered, of: other, minimum: 4) {
            return (candidate, allowed + abs(lowered.count - other.count))
        }
        return nil
    }
    return
        ranked
        .sorted { ($0.score, $0.candidate) < ($1.score, $1.candidate) }
        .prefix(limit)
        .map(\.candidate)
}

/// A prefix long enough to mean something: shorter ones (`k`, `mf`) match
/// too much. A name cut short needs four characters (`svd` is not `svdpp`);
/// a candidate the name runs past needs three (`max` for `maximum`).
private func isMeaningfulPrefix(_ prefix: String, of word: String, minimum: Int) -> Bool {
    prefix.count >= minimum && prefix.count < word.count && word.hasPrefix(prefix)
}

/// "did you mean 'x'?" for the closest candidate, if any is close enough.
public func didYouMean(_ name: String, among candidates: [String]) -> [String] {
    suggestions(for: name, among: candidates).map { "did you mean '\($0)'?" }
}
