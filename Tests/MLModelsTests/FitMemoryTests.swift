import Testing

@testable import MLModels

/// Estimates follow what the fits allocate: factor matrices grow with factors
/// and entities, dense similarities with the square of the entities.
@Suite struct FitMemoryTests {
    @Test func factorModelsCountTheirPaddedFactorMatrices() {
        let model = MatrixFactorization(.init(factors: 100))
        let small = model.fitMemory(rows: 0, users: 1000, items: 1000).bytes
        let large = model.fitMemory(rows: 0, users: 2000, items: 2000).bytes
        // 100 factors pad to 104 floats per row: (users + items) × 104 × 4 bytes, plus the index's small arrays.
        #expect(small >= 2000 * 104 * 4 && small < 2000 * 104 * 4 + 100_000)
        #expect(large > small * 19 / 10)
        let fewer = MatrixFactorization(.init(factors: 10)).fitMemory(rows: 0, users: 1000, items: 1000).bytes
        #expect(fewer < small / 5)
    }

    @Test func neighbourhoodsAreQuadraticInTheEntitiesTheyCompare() {
        let items = NearestNeighbours(.init(on: .items))
        #expect(items.fitMemory(rows: 0, users: 10, items: 1000).bytes >= 1000 * 1000 * 28)
        #expect(items.fitMemory(rows: 0, users: 10, items: 2000).bytes >= 4 * 1000 * 1000 * 28)
        let users = NearestNeighbours(.init(on: .users))
        #expect(users.fitMemory(rows: 0, users: 10, items: 2000).bytes < 1_000_000)
    }

    @Test func sizesPastTheIntegersSaturateInsteadOfWrapping() {
        let huge = NearestNeighbours(.init(on: .items)).fitMemory(rows: Int.max / 2, users: 1, items: Int(Int32.max))
        #expect(huge.bytes == Int.max)
    }
}
