import Testing
@testable import MLCore

func syntheticRatings(seed: UInt64, users: Int = 60, items: Int = 40, ratings: Int = 900) -> RatingSet {
    // Sizes are valid, so this cannot throw.
    (try? SyntheticRatings(SyntheticRatingsConfiguration(users: users, items: items, ratings: ratings, seed: seed)).ratings)
        ?? RatingSet(users: [], items: [], values: [], userCount: 0, itemCount: 0)
}

let splitMethods: [SplitMethod] = [.holdout(testFraction: 0.2), .kfold(folds: 5), .temporal(testFraction: 0.25), .leaveLast(count: 2)]

@Suite("Splits")
struct SplitterTests {
    /// Every fold's train, validation and test are disjoint, sorted and cover all rows.
    @Test(arguments: splitMethods, [0.0, 0.1])
    func foldsPartitionTheData(method: SplitMethod, validation: Double) throws {
        let ratings = syntheticRatings(seed: 3)
        for stratify in [false, true] {
            let folds = try Splitter.folds(of: ratings, options: SplitOptions(method: method, validationFraction: validation, stratifyByUser: stratify, seed: 9))
            for fold in folds {
                let all = fold.train + fold.validation + fold.test
                #expect(fold.trainAndValidation == (fold.train + fold.validation).sorted())
                #expect(all.sorted() == Array(0..<ratings.count))
                for part in [fold.train, fold.validation, fold.test] { #expect(part == part.sorted()) }
                #expect(!fold.test.isEmpty && !fold.train.isEmpty)
                #expect(fold.validation.count == Splitter.share(fold.train.count + fold.validation.count, validation))
            }
        }
    }

    @Test(arguments: [false, true])
    func kfoldTestSetsPartitionTheData(stratify: Bool) throws {
        let ratings = syntheticRatings(seed: 4)
        let folds = try Splitter.folds(of: ratings, options: SplitOptions(method: .kfold(folds: 4), stratifyByUser: stratify, seed: 1))
        #expect(folds.map(\.name) == ["fold 1", "fold 2", "fold 3", "fold 4"])
        #expect(folds.flatMap(\.test).sorted() == Array(0..<ratings.count))
        let sizes = folds.map(\.test.count)
        if !stratify { #expect(sizes.max()! - sizes.min()! <= 1) }
        if stratify { #expect(sizes.max()! - sizes.min()! <= ratings.userCount) }
    }

    @Test(arguments: splitMethods + [.holdout(testFraction: 0.2)])
    func sameSeedSameFoldsOtherSeedOtherFolds(method: SplitMethod) throws {
        let ratings = syntheticRatings(seed: 5)
        let options = SplitOptions(method: method, validationFraction: 0.1, seed: 11)
        let first = try Splitter.folds(of: ratings, options: options)
        #expect(try Splitter.folds(of: ratings, options: options) == first)
        var other = options
        other.seed = 12
        // Temporal and leave-last tests are fixed by time; only their random parts could move, and there are none.
        let expectDifferent: Bool
        switch method {
        case .temporal, .leaveLast: expectDifferent = false
        default: expectDifferent = true
        }
        #expect((try Splitter.folds(of: ratings, options: other) != first) == expectDifferent)
    }

    @Test func holdoutSizes() throws {
        let ratings = syntheticRatings(seed: 6)
        let plain = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .holdout(testFraction: 0.2), seed: 2)).first)
        #expect(plain.test.count == 180)
        let stratified = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .holdout(testFraction: 0.2), stratifyByUser: true, seed: 2)).first)
        var perUser = [Int](repeating: 0, count: ratings.userCount), testPerUser = perUser
        for row in 0..<ratings.count { perUser[Int(ratings.users[row])] += 1 }
        for row in stratified.test { testPerUser[Int(ratings.users[row])] += 1 }
        for user in 0..<ratings.userCount { #expect(testPerUser[user] == Splitter.share(perUser[user], 0.2)) }
    }

    @Test func temporalTestIsLatest() throws {
        let ratings = syntheticRatings(seed: 7)
        let times = try #require(ratings.times)
        let fold = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .temporal(testFraction: 0.3), validationFraction: 0.2, seed: 1)).first)
        #expect(fold.test.count == 270)
        let latestTrain = try #require(fold.train.map { times[$0] }.max())
        let earliestValidation = try #require(fold.validation.map { times[$0] }.min())
        let latestValidation = try #require(fold.validation.map { times[$0] }.max())
        let earliestTest = try #require(fold.test.map { times[$0] }.min())
        #expect(latestTrain <= earliestValidation && latestValidation <= earliestTest)
    }

    @Test func leaveLastTakesEachUsersLatest() throws {
        // User 0 has 3 ratings, user 1 has 2, user 2 has 1.
        let ratings = RatingSet(users: [0, 0, 1, 0, 1, 2], items: [0, 1, 0, 2, 1, 0], values: [1, 2, 3, 4, 5, 1],
                                times: [30, 10, 5, 20, 7, 1], userCount: 3, itemCount: 3)
        let fold = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .leaveLast(count: 1), seed: 1)).first)
        #expect(fold.test == [0, 4])
        #expect(fold.train == [1, 2, 3, 5])
        let two = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .leaveLast(count: 2), seed: 1)).first)
        #expect(two.test == [0, 3])
    }

    @Test func givenUsesGroupColumn() throws {
        let ratings = RatingSet(users: [0, 1, 2, 0, 1], items: [0, 0, 1, 1, 2], values: [1, 2, 3, 4, 5], userCount: 3, itemCount: 3)
        let groups = RatingGroups(indices: [0, 1, 0, 2, 1], names: ["a", "b", "c"])
        let folds = try Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: nil), seed: 1))
        #expect(folds.map(\.name) == ["a", "b", "c"])
        #expect(folds.map(\.test) == [[0, 2], [1, 4], [3]])
        #expect(folds[0].train == [1, 3, 4])
        let limited = try Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: ["c", "a"]), seed: 1))
        #expect(limited.map(\.name) == ["c", "a"] && limited.map(\.index) == [0, 1])
    }

    /// Hand-made: test row 3 has a user unseen in train, test row 4 an unseen item, test row 5 both.
    @Test func countsColdStartRows() throws {
        let ratings = RatingSet(users: [0, 1, 0, 2, 1, 3], items: [0, 1, 1, 0, 2, 3], values: [1, 1, 1, 1, 1, 1], userCount: 4, itemCount: 4)
        let groups = RatingGroups(indices: [0, 0, 1, 1, 1, 1], names: ["train", "test"])
        let fold = try #require(Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: ["test"]), seed: 1)).first)
        #expect(fold.test == [2, 3, 4, 5])
        #expect(fold.coldUserTestRows == 2 && fold.coldItemTestRows == 2 && fold.coldStartTestRows == 3)
    }

    @Test(arguments: [
        (SplitOptions(method: .holdout(testFraction: 1.5), seed: 1), "test fraction must be between 0 and 1 (exclusive), got 1.5"),
        (SplitOptions(method: .kfold(folds: 1), seed: 1), "folds must be at least 2, got 1"),
        (SplitOptions(method: .kfold(folds: 5), seed: 1), "folds (5) must not exceed the number of ratings (3)"),
        (SplitOptions(method: .holdout(testFraction: 0.2), validationFraction: -0.1, seed: 1), "validation must be between 0 and 1 (exclusive), got -0.1"),
        (SplitOptions(method: .temporal(testFraction: 0.2), seed: 1), "the temporal split needs rating times, and the ratings have none"),
        (SplitOptions(method: .leaveLast(count: 0), seed: 1), "leave-last count must be at least 1, got 0"),
        (SplitOptions(method: .given(only: nil), seed: 1), "the given split needs a group column, and the ratings have none"),
    ])
    func rejectsBadOptions(options: SplitOptions, message: String) {
        let ratings = RatingSet(users: [0, 1, 2], items: [0, 1, 2], values: [1, 2, 3], userCount: 3, itemCount: 3)
        #expect(throws: MLCoreError.self) { try Splitter.folds(of: ratings, options: options) }
        do { _ = try Splitter.folds(of: ratings, options: options) } catch { #expect(error.message == message) }
    }

    @Test func unknownGroupSuggestsNames() {
        let ratings = RatingSet(users: [0, 1], items: [0, 1], values: [1, 2], userCount: 2, itemCount: 2)
        let groups = RatingGroups(indices: [0, 1], names: ["fold1", "fold2"])
        do {
            _ = try Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: ["fodl1"]), seed: 1))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .unknownGroup)
            #expect(error.message == "no group named \"fodl1\"; did you mean \"fold1\"?")
        }
    }
}

extension SplitterTests {
    /// Validation is carved from the training part only: test rows stay where they were.
    @Test(arguments: splitMethods)
    func validationDoesNotMoveTestRows(method: SplitMethod) throws {
        let ratings = syntheticRatings(seed: 8)
        let without = try Splitter.folds(of: ratings, options: SplitOptions(method: method, seed: 3))
        let with = try Splitter.folds(of: ratings, options: SplitOptions(method: method, validationFraction: 0.2, seed: 3))
        #expect(with.map(\.test) == without.map(\.test))
        #expect(with.map(\.trainAndValidation) == without.map(\.train))
    }

    @Test func givenFoldsPartitionWithValidation() throws {
        let ratings = syntheticRatings(seed: 9)
        let groups = RatingGroups(indices: (0..<ratings.count).map { Int32($0 % 3) }, names: ["x", "y", "z"])
        let folds = try Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: nil), validationFraction: 0.25, seed: 4))
        #expect(folds.flatMap(\.test).sorted() == Array(0..<ratings.count))
        for fold in folds {
            #expect((fold.train + fold.validation + fold.test).sorted() == Array(0..<ratings.count))
            #expect(fold.validation.count == 150 && fold.test.count == 300)
        }
    }
}
