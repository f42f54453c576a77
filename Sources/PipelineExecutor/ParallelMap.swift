import Foundation

/// `transform` applied to `0..<count`, the range split into contiguous parts
/// that run on the available cores; the results come back in index order, so
/// the outcome does not depend on how the parts were scheduled.
/// - Complexity: O(count) calls of `transform`.
func parallelMap<T: Sendable>(_ count: Int, minimumPerPart: Int = 256, _ transform: @Sendable (Int) -> T) -> [T] {
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(minimumPerPart, 1)))
    guard parts > 1 else { return (0..<count).map(transform) }
    let results = PartResults<T>(parts: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let range = (count * part / parts)..<(count * (part + 1) / parts)
        results.set(part, range.map(transform))
    }
    return results.joined()
}

/// Each part's results, filled from several threads.
private final class PartResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [[T]]

    init(parts: Int) { self.parts = Array(repeating: [], count: parts) }

    func set(_ part: Int, _ values: [T]) { lock.withLock { parts[part] = values } }

    func joined() -> [T] { lock.withLock { Array(parts.joined()) } }
}
