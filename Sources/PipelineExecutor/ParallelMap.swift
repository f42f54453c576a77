import PipelineBasics

/// `transform` applied to `0..<count`, the range split into contiguous parts
/// that run on the available cores (`mapInParts`); the results come back in
/// index order, so the outcome does not depend on how the parts were scheduled.
/// - Complexity: O(count) calls of `transform`.
func parallelMap<T: Sendable>(_ count: Int, minimumPerPart: Int = 256, _ transform: @Sendable (Int) -> T) -> [T] {
    mapInParts(count, minimumPerPart: minimumPerPart) { range in range.map(transform) }
}
