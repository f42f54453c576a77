import Foundation

/// `transform` applied to contiguous parts of `0..<count` that run on the
/// available cores, each part at least `minimumPerPart` long; `transform`
/// gives one value per index of its part, and the parts' values come back
/// joined in index order, so the outcome does not depend on how the parts
/// were scheduled. A part is one call: what it sets up (open folders, say)
/// serves its whole range.
/// - Complexity: O(count) work in `transform`, over at most as many parts as cores.
public func mapInParts<T: Sendable>(
    _ count: Int, minimumPerPart: Int = 256, _ transform: @Sendable (Range<Int>) -> [T]
) -> [T] {
    let parts = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / max(minimumPerPart, 1)))
    guard parts > 1 else { return transform(0..<count) }
    let results = PartResults<T>(parts: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        results.set(part, transform((count * part / parts)..<(count * (part + 1) / parts)))
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
