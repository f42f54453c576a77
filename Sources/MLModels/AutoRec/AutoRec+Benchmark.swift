import Dispatch

extension AutoRec {
    /// Seconds for C[m × n] += A[m × k] · B[k × n] with the dense-layer kernel
    /// (the best of `repeats`), for benchmarks: 2·m·k·n floating-point
    /// operations per run.
    public static func timeDenseProduct(m: Int, k: Int, n: Int, repeats: Int = 5) -> Double {
        let a = (0..<(m * k)).map { Float($0 % 7) * 0.1 }, b = (0..<(k * n)).map { Float($0 % 5) * 0.1 }
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    c.withUnsafeMutableBufferPointer { c in
                        guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                        DenseKernels.multiplyAdd(a, b, c, m: m, k: k, n: n)
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }

    /// Floating-point operations of one training epoch on `ratings` observed
    /// entries of `items` items (multiply-adds count two): the sparse first
    /// and output layers forward and backward, the dense hidden-to-hidden
    /// products (not counted: activations, and the optimizer's pass over
    /// every parameter after each batch).
    public func flopsPerEpoch(ratings: Int, items: Int) -> Double {
        let widths = parameters.hidden
        var flops = 0.0
        let first = Double(widths[0]), last = Double(widths[widths.count - 1])
        flops += 2 * Double(ratings) * first * 2  // forward sum, weight gradient
        flops += 2 * Double(ratings) * last * 3  // dot, weight gradient, code gradient
        for layer in 1..<max(1, widths.count) where layer < widths.count {
            flops += 2 * Double(items) * Double(widths[layer - 1]) * Double(widths[layer]) * 3
        }
        return flops
    }
}
