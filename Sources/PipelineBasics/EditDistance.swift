/// Levenshtein distance between two strings, over characters.
/// - Complexity: O(m·n) time, O(n) space.
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// The closest candidates to a misspelled name, best first: those within a
/// third of the name's length (at least one edit), ties broken alphabetically.
public func suggestions(for name: String, among candidates: [String], limit: Int = 1) -> [String] {
    let allowed = max(1, name.count / 3)
    let lowered = name.lowercased()
    return candidates
        .map { (candidate: $0, distance: editDistance(lowered, $0.lowercased())) }
        .filter { $0.distance <= allowed && $0.candidate != name }
        .sorted { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
        .prefix(limit)
        .map(\.candidate)
}

/// "did you mean 'x'?" for the closest candidate, if any is close enough.
public func didYouMean(_ name: String, among candidates: [String]) -> [String] {
    suggestions(for: name, among: candidates).map { "did you mean '\($0)'?" }
}
