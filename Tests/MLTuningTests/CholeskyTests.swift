import MLCore
import Testing
@testable import MLTuning

@Suite("Cholesky factorisation")
struct CholeskyTests {
    @Test func handThreeByThree() throws {
        let a: [Double] = [4, 12, -16, 12, 37, -43, -16, -43, 98]
        let (factor, jitter) = try #require(Cholesky.factor(a, n: 3))
        #expect(jitter == 0)
        #expect(factor == [2, 0, 0, 6, 1, 0, -8, 5, 3])
    }

    @Test(arguments: [1, 2, 3] as [UInt64], [1, 7, 40])
    func randomPositiveDefiniteMatrix(seed: UInt64, n: Int) throws {
        var generator = SeededGenerator(seed: seed)
        let b = (0..<(n * n)).map { _ in generator.nextGaussian() }
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                for k in 0..<n { a[i * n + j] += b[i * n + k] * b[j * n + k] }
                if i == j { a[i * n + j] += 0.1 }
            }
        }
        let (l, jitter) = try #require(Cholesky.factor(a, n: n))
        #expect(jitter == 0)
        var largest = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += l[i * n + k] * l[j * n + k] }
                largest = max(largest, abs(sum - a[i * n + j]))
                if j > i { #expect(l[i * n + j] == 0) }
            }
        }
        #expect(largest < 1e-10 * Double(n))

        // Solves and the inverse.
        let x = (0..<n).map { _ in generator.nextGaussian() }
        var rhs = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { rhs[i] += a[i * n + j] * x[j] } }
        let lb = DoubleBuffer(l)
        let solution = DoubleBuffer(rhs)
        Cholesky.solveLower(lb.base, n: n, solution.base)
        Cholesky.solveUpper(lb.base, n: n, solution.base)
        for i in 0..<n { #expect(abs(solution.array[i] - x[i]) < 1e-6 * max(1, abs(x[i]))) }
        let inverse = DoubleBuffer(count: n * n)
        let work = DoubleBuffer(count: n * n)
        Cholesky.inverse(lb.base, n: n, into: inverse.base, work: work.base)
        func inv(_ i: Int, _ j: Int) -> Double { i >= j ? inverse.base[i * n + j] : inverse.base[j * n + i] }
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += a[i * n + k] * inv(k, j) }
                #expect(abs(sum - (i == j ? 1 : 0)) < 1e-6)
            }
        }
    }

    @Test func jitterRescuesASingularMatrix() throws {
        // Rank one: [1 1; 1 1] is positive semi-definite only.
        let a: [Double] = [1, 1, 1, 1]
        let buffer = DoubleBuffer(a)
        #expect(!Cholesky.factor(buffer.base, n: 2))
        let (factor, jitter) = try #require(Cholesky.factor(a, n: 2))
        #expect(jitter > 0 && jitter < 1e-3)
        #expect(abs(factor[0] * factor[0] - 1 - jitter) < 1e-12)
        // Indefinite: no jitter of that size helps.
        #expect(Cholesky.factor([1, 2, 2, 1], n: 2) == nil)
    }
}
