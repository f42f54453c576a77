import MLCore
import Testing
@testable import MLModels

/// knn keeps sparse similarity rows: every non-zero pair up to its pair budget,
/// else the largest ones per entity.
@Suite struct NearestNeighboursSparseTests {
    static let data = syntheticRatings(users: 80, items: 50, count: 1500, seed: 29)

    func fit(_ similarity: NearestNeighbours.Similarity, estimator: NearestNeighbours.Estimator, maxNeighbours: Int = 0)
        throws -> NearestNeighbours.Fitted
    {
        try NearestNeighbours(
            .init(similarity: similarity, estimator: estimator, k: 7, baseline: .init(epochs: 0), maxNeighbours: maxNeighbours)
        )
        .fit(train: Self.data, scale: 1...5, seed: 1)
    }

    @Test(arguments: NearestNeighbours.Similarity.allCases)
    func fullRowsPredictAsTheDenseDefinition(similarity: NearestNeighbours.Similarity) throws {
        let fitted = try fit(similarity, estimator: .basic)
        // The dense model by hand: the k most similar items the user rated, positive similarities only.
        var rated = [[(item: Int, rating: Double)]](repeating: [], count: Self.data.userCount)
        for row in 0..<Self.data.count {
            rated[Int(Self.data.users[row])].append((Int(Self.data.items[row]), Self.data.values[row]))
        }
        var users: [Int32] = [], items: [Int32] = [], expected: [Double?] = []
        for user in 0..<Self.data.userCount {
            for item in stride(from: user % 5, to: Self.data.itemCount, by: 5) {
                var candidates: [(similarity: Double, item: Int, rating: Double)] = []
                for pair in rated[user] {
                    let weight: Double = fitted.similarity(item, pair.item)
                    if weight > 0 { candidates.append((weight, pair.item, pair.rating)) }
                }
                candidates.sort { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.item < $1.item }
                var weights = 0.0, weighted = 0.0
                for neighbour in candidates.prefix(7) {
                    weights += neighbour.similarity
                    weighted += neighbour.similarity * neighbour.rating
                }
                users.append(Int32(user))
                items.append(Int32(item))
                expected.append(weights > 0 ? weighted / weights : nil)
            }
        }
        let predictions = fitted.predict(users: users, items: items)
        for k in users.indices {
            if let value = expected[k] {
                #expect(abs(predictions.values[k] - min(5, max(1, value))) < 1e-9)
            } else {
                #expect(predictions.fallbacks[k] == .tooFewNeighbours)
            }
        }
    }

    @Test(arguments: [1, 4, 12])
    func cutRowsKeepTheLargestSimilarities(limit: Int) throws {
        let full = try fit(.pearson, estimator: .basic), cut = try fit(.pearson, estimator: .basic, maxNeighbours: limit)
        let n = Self.data.itemCount
        for a in 0..<n {
            let strongest = (0..<n).filter { $0 != a && full.similarity(a, $0) != 0 }
                .sorted {
                    let (x, y) = (full.similarity(a, $0), full.similarity(a, $1))
                    return x != y ? x > y : $0 < $1
                }
                .prefix(limit)
            let kept = Set(strongest)
            for b in 0..<n where b != a {
                #expect(cut.similarity(a, b) == (kept.contains(b) ? full.similarity(a, b) : 0))
            }
        }
    }

    @Test func aRowHoldsBothOrdersOfAPairBitForBit() throws {
        let fitted = try fit(.pearsonBaseline, estimator: .withBaseline)
        for a in 0..<Self.data.itemCount {
            for b in 0..<Self.data.itemCount {
                #expect(fitted.similarity(a, b).bitPattern == fitted.similarity(b, a).bitPattern)
            }
        }
    }

    @Test func theLimitKeepsEveryPairUpToTheBudget() {
        #expect(SimilarityMatrix.limit(maxNeighbours: 0, k: 40, count: 1682) == 1681)
        #expect(SimilarityMatrix.limit(maxNeighbours: 0, k: 40, count: 8000) == 7999)
        #expect(SimilarityMatrix.limit(maxNeighbours: 0, k: 40, count: 50_000) == 1280)
        #expect(SimilarityMatrix.limit(maxNeighbours: 0, k: 5000, count: 50_000) == 5000)
        #expect(SimilarityMatrix.limit(maxNeighbours: 30, k: 40, count: 50_000) == 30)
        #expect(SimilarityMatrix.limit(maxNeighbours: 30, k: 40, count: 10) == 9)
        #expect(SimilarityMatrix.limit(maxNeighbours: 0, k: 40, count: 0) == 0)
    }

    @Test func anUpdateOfCutRowsKeepsThemCutAndAscending() throws {
        let first = Self.data.subset(Self.data.users.indices.filter { Self.data.users[$0] < 60 })
        let batch = Self.data.subset(Self.data.users.indices.filter { Self.data.users[$0] >= 60 })
        let model = NearestNeighbours(.init(similarity: .msd, estimator: .basic, k: 5, maxNeighbours: 6))
        let ids = ModelIdentifiers(userCount: Self.data.userCount, itemCount: Self.data.itemCount)
        let trained = try TrainedModel.fit(model, train: first, identifiers: ids, scale: 1...5, seed: 3)
        let updated = try trained.updated(with: batch, userIDs: ids.users, itemIDs: ids.items)
        let rows = updated.fitted.similarities
        for x in 0..<rows.count {
            let row = rows.offsets[x]..<rows.offsets[x + 1]
            #expect(row.count <= 6)
            #expect(zip(row.dropLast(), row.dropFirst()).allSatisfy { rows.neighbours[$0] < rows.neighbours[$1] })
        }
        // The touched rows are the refit's rows.
        let refit = try model.fit(train: Self.data, scale: 1...5, seed: 3)
        let touchedItems = Set(batch.items.map(Int.init))
        for a in touchedItems {
            for b in 0..<Self.data.itemCount {
                #expect(updated.fitted.similarity(a, b) == refit.similarity(a, b))
            }
        }
    }
}
