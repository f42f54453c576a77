import Testing
@testable import MLCore

func syntheticRatings(seed: UInt64, users: Int = 60, items: Int = 40, ratings: Int = 900) -> RatingSet {
    // Sizes are valid, so this cannot throw.
    (try? SyntheticRatings(SyntheticRatingsConfiguration(users: users, items: items, ratings: ratings, seed: seed)).ratings)
        ?? RatingSet(users: [], items: [], values: [], userCount: 0, itemCount: 0)
}

let splitMethods: [SplitMethod] = [
    .holdout(testFraction: 0.2), .kfold(folds: 5), .temporal(testFraction: 0.25), .leaveLast(count: 2),
]

@Suite("Splits")
struct SplitterTests {
    /// Every fold's train, validation and test are disjoint, sorted and cover all rows.
    @Test(arguments: splitMethods, [0.0, 0.1])
    func foldsPartitionTheData(method: SplitMethod, validation: Double) throws {
        let ratings = syntheticRatings(seed: 3)
        for stratify in [false, true] {
            let folds = try Splitter.folds(
                of: ratings,
                options: SplitOptions(method: method, validationFraction: validation, stratifyByUser: stratify, seed: 9))
            for fold in folds {
                let all = fold.train + fold.validation + fold.test
                #expect(fold.trainAndValidation == (fold.train + fold.validation).sorted())
                #expect(all.sorted() == Array(0..<ratings.count))
                for part in [fold.train, fold.validation, fold.test] { #expect(part == part.sorted()) }
                #expect(!fold.test.isEmpty && !fold.train.isEmpty)
                #expect(
                    fold.validation.count
                        == expectedValidationCount(ratings, fold, method: method, stratify: stratify, fraction: validation))
            }
        }
    }

    @Test(arguments: [false, true])
    func kfoldTestSetsPartitionTheData(stratify: Bool) throws {
        let ratings = syntheticRatings(seed: 4)
        let folds = try Splitter.folds(
            of: ratings, options: SplitOptions(method: .kfold(folds: 4), stratifyByUser: stratify, seed: 1))
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
        let plain = try #require(
            Splitter.folds(of: ratings, options: SplitOptions(method: .holdout(testFraction: 0.2), seed: 2)).first)
        #expect(plain.test.count == 180)
        let stratified = try #require(
            Splitter.folds(of: ratings, options: SplitOptions(method: .holdout(testFraction: 0.2), stratifyByUser: true, seed: 2))
                .first)
        var perUser = [Int](repeating: 0, count: ratings.userCount), testPerUser = perUser
        for row in 0..<ratings.count { perUser[Int(ratings.users[row])] += 1 }
        for row in stratified.test { testPerUser[Int(ratings.users[row])] += 1 }
        for user in 0..<ratings.userCount { #expect(testPerUser[user] == Splitter.share(perUser[user], 0.2)) }
    }

    @Test func temporalTestIsLatest() throws {
        let ratings = syntheticRatings(seed: 7)
        let times = try #require(ratings.times)
        let fold = try #require(
            Splitter.folds(
                of: ratings, options: SplitOptions(method: .temporal(testFraction: 0.3), validationFraction: 0.2, seed: 1)
            ).first)
        #expect(fold.test.count == 270)
        let latestTrain = try #require(fold.train.map { times[$0] }.max())
        let earliestValidation = try #require(fold.validation.map { times[$0] }.min())
        let latestValidation = try #require(fold.validation.map { times[$0] }.max())
        let earliestTest = try #require(fold.test.map { times[$0] }.min())
        #expect(latestTrain <= earliestValidation && latestValidation <= earliestTest)
    }

    @Test func leaveLastTakesEachUsersLatest() throws {
        // User 0 has 3 ratings, user 1 has 2, user 2 has 1.
        let ratings = RatingSet(
            users: [0, 0, 1, 0, 1, 2], items: [0, 1, 0, 2, 1, 0], values: [1, 2, 3, 4, 5, 1],
            times: [30, 10, 5, 20, 7, 1], userCount: 3, itemCount: 3)
        let fold = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .leaveLast(count: 1), seed: 1)).first)
        #expect(fold.test == [0, 4])
        #expect(fold.train == [1, 2, 3, 5])
        let two = try #require(Splitter.folds(of: ratings, options: SplitOptions(method: .leaveLast(count: 2), seed: 1)).first)
        #expect(two.test == [0, 3])
    }

    @Test func givenUsesGroupColumn() throws {
        let ratings = RatingSet(
            users: [0, 1, 2, 0, 1], items: [0, 0, 1, 1, 2], values: [1, 2, 3, 4, 5], userCount: 3, itemCount: 3)
        let groups = RatingGroups(indices: [0, 1, 0, 2, 1], names: ["a", "b", "c"])
        let folds = try Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: nil), seed: 1))
        #expect(folds.map(\.name) == ["a", "b", "c"])
        #expect(folds.map(\.test) == [[0, 2], [1, 4], [3]])
        #expect(folds[0].train == [1, 3, 4])
        let limited = try Splitter.folds(
            of: ratings, groups: groups, options: SplitOptions(method: .given(only: ["c", "a"]), seed: 1))
        #expect(limited.map(\.name) == ["c", "a"] && limited.map(\.index) == [0, 1])
    }

    /// Hand-made: test row 3 has a user unseen in train, test row 4 an unseen item, test row 5 both.
    @Test func countsColdStartRows() throws {
        let ratings = RatingSet(
            users: [0, 1, 0, 2, 1, 3], items: [0, 1, 1, 0, 2, 3], values: [1, 1, 1, 1, 1, 1], userCount: 4, itemCount: 4)
        let groups = RatingGroups(indices: [0, 0, 1, 1, 1, 1], names: ["train", "test"])
        let fold = try #require(
            Splitter.folds(of: ratings, groups: groups, options: SplitOptions(method: .given(only: ["test"]), seed: 1)).first)
        #expect(fold.test == [2, 3, 4, 5])
        #expect(fold.coldUserTestRows == 2 && fold.coldItemTestRows == 2 && fold.coldStartTestRows == 3)
    }

    @Test(arguments: [
        (
            SplitOptions(method: .holdout(testFraction: 1.5), seed: 1),
            "test fraction must be between 0 and 1 (exclusive), got 1.5"
        ),
        (SplitOptions(method: .kfold(folds: 1), seed: 1), "folds must be at least 2, got 1"),
        (SplitOptions(method: .kfold(folds: 5), seed: 1), "folds (5) must not exceed the number of ratings (3)"),
        (
            SplitOptions(method: .holdout(testFraction: 0.2), validationFraction: -0.1, seed: 1),
            "validation must be between 0 and 1 (exclusive), got -0.1"
        ),
        (
            SplitOptions(method: .temporal(testFraction: 0.2), seed: 1),
            "the temporal split needs rating times, and the ratings have none"
        ),
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
        let folds = try Splitter.folds(
            of: ratings, groups: groups, options: SplitOptions(method: .given(only: nil), validationFraction: 0.25, seed: 4))
        #expect(folds.flatMap(\.test).sorted() == Array(0..<ratings.count))
        for fold in folds {
            #expect((fold.train + fold.validation + fold.test).sorted() == Array(0..<ratings.count))
            #expect(fold.validation.count == 150 && fold.test.count == 300)
        }
    }
}

/// Validation carved per user: stratified holdout and kfold, and leave-last.
extension SplitterTests {
    /// Training-part rows (train and validation) of each user, and validation rows of each user.
    func perUserCounts(_ ratings: RatingSet, _ fold: Fold) -> (trainingPart: [Int], validation: [Int]) {
        var trainingPart = [Int](repeating: 0, count: ratings.userCount), validation = trainingPart
        for row in fold.trainAndValidation { trainingPart[Int(ratings.users[row])] += 1 }
        for row in fold.validation { validation[Int(ratings.users[row])] += 1 }
        return (trainingPart, validation)
    }

    /// The validation size each method's rule gives, summed over users where the rule is per user.
    func expectedValidationCount(_ ratings: RatingSet, _ fold: Fold, method: SplitMethod, stratify: Bool, fraction: Double) -> Int
    {
        let perUser = perUserCounts(ratings, fold).trainingPart
        switch method {
        case .holdout, .kfold:
            guard stratify else { break }
            return perUser.reduce(0) { $0 + Splitter.share($1, fraction) }
        case .leaveLast:
            return perUser.reduce(0) { $0 + Splitter.latestShare($1, fraction) }
        default:
            break
        }
        return Splitter.share(fold.trainAndValidation.count, fraction)
    }

    /// Each user's validation share is round(n × fraction) of their training part, whichever the seed.
    @Test(arguments: [SplitMethod.holdout(testFraction: 0.2), .kfold(folds: 4)], [UInt64(1), 2, 3])
    func stratifiedValidationKeepsEachUsersShare(method: SplitMethod, seed: UInt64) throws {
        let ratings = syntheticRatings(seed: 10 + seed, users: 40, items: 60, ratings: 1200)
        let options = SplitOptions(method: method, validationFraction: 0.25, stratifyByUser: true, seed: seed)
        let folds = try Splitter.folds(of: ratings, options: options)
        for fold in folds {
            let (trainingPart, validation) = perUserCounts(ratings, fold)
            for user in 0..<ratings.userCount {
                #expect(validation[user] == Splitter.share(trainingPart[user], 0.25), "user \(user) of \(fold.name)")
            }
            #expect(Set(fold.train).isDisjoint(with: fold.validation) && Set(fold.validation).isDisjoint(with: fold.test))
        }
        #expect(try Splitter.folds(of: ratings, options: options) == folds)
        var other = options
        other.seed = seed + 100
        #expect(try Splitter.folds(of: ratings, options: other).map(\.validation) != folds.map(\.validation))
    }

    /// Unstratified, a user's validation share strays far from the fraction; stratified, it cannot.
    @Test func stratifiedValidationDiffersFromRandomCarve() throws {
        let ratings = syntheticRatings(seed: 21, users: 40, items: 60, ratings: 1200)
        func worstDeviation(stratify: Bool) throws -> Int {
            let fold = try #require(
                Splitter.folds(
                    of: ratings,
                    options: SplitOptions(
                        method: .holdout(testFraction: 0.2), validationFraction: 0.25, stratifyByUser: stratify, seed: 5)
                ).first)
            let (trainingPart, validation) = perUserCounts(ratings, fold)
            return (0..<ratings.userCount).map { abs(validation[$0] - Splitter.share(trainingPart[$0], 0.25)) }.max() ?? 0
        }
        #expect(try worstDeviation(stratify: true) == 0)
        #expect(try worstDeviation(stratify: false) >= 2)
    }

    @Test func leaveLastValidationTakesEachUsersLatestTrainingRows() throws {
        // User 0: 5 ratings (times 1...5 in shuffled rows), user 1: 2, user 2: 1. Leave-last 1 tests
        // each user's latest when they have more than one rating; validation 0.5 then takes
        // round(4 × 0.5) = 2 of user 0's remaining 4, none of user 1's single training rating.
        let ratings = RatingSet(
            users: [0, 1, 0, 0, 2, 0, 1, 0], items: [0, 0, 1, 2, 0, 3, 1, 4], values: [1, 2, 3, 4, 5, 1, 2, 3],
            times: [3, 10, 5, 1, 7, 4, 20, 2], userCount: 3, itemCount: 5)
        let fold = try #require(
            Splitter.folds(
                of: ratings,
                options: SplitOptions(
                    method: .leaveLast(count: 1), validationFraction: 0.5, seed: 1)
            ).first)
        #expect(fold.test == [2, 6])
        #expect(fold.validation == [0, 5])
        #expect(fold.train == [1, 3, 4, 7])
        // Globally the latest training rows would be rows 1 and 4 (times 10 and 7), of users 1 and 2.
    }

    @Test(arguments: [0.1, 0.3, 0.5])
    func leaveLastValidationIsEachUsersLatestOnSyntheticData(fraction: Double) throws {
        let ratings = syntheticRatings(seed: 12)
        let times = try #require(ratings.times)
        let options = SplitOptions(method: .leaveLast(count: 2), validationFraction: fraction, seed: 4)
        let fold = try #require(Splitter.folds(of: ratings, options: options).first)
        var latestTrain = [Double](repeating: -.infinity, count: ratings.userCount)
        var earliestValidation = [Double](repeating: .infinity, count: ratings.userCount)
        for row in fold.train { latestTrain[Int(ratings.users[row])] = max(latestTrain[Int(ratings.users[row])], times[row]) }
        for row in fold.validation {
            earliestValidation[Int(ratings.users[row])] = min(earliestValidation[Int(ratings.users[row])], times[row])
        }
        let (trainingPart, validation) = perUserCounts(ratings, fold)
        for user in 0..<ratings.userCount {
            #expect(latestTrain[user] <= earliestValidation[user])
            #expect(validation[user] == Splitter.latestShare(trainingPart[user], fraction))
            if trainingPart[user] > 0 { #expect(validation[user] < trainingPart[user], "user \(user) kept no training rating") }
        }
        #expect((fold.train + fold.validation + fold.test).sorted() == Array(0..<ratings.count))
        #expect(try Splitter.folds(of: ratings, options: options).first == fold)
    }

    @Test func leaveLastShareKeepsOneTrainingRating() {
        #expect((0...4).map { Splitter.latestShare($0, 0.5) } == [0, 0, 1, 2, 2])
        #expect((0...4).map { Splitter.latestShare($0, 0.2) } == [0, 0, 0, 1, 1])
        #expect(Splitter.latestShare(2, 0.25) == 1 && Splitter.latestShare(2, 0.24) == 0)
    }

    /// Temporal validation is the globally latest training rows; stratification does not apply.
    @Test func temporalValidationIsGloballyLatest() throws {
        let ratings = syntheticRatings(seed: 13)
        let times = try #require(ratings.times)
        for stratify in [false, true] {
            let fold = try #require(
                Splitter.folds(
                    of: ratings,
                    options: SplitOptions(
                        method: .temporal(testFraction: 0.2), validationFraction: 0.25, stratifyByUser: stratify, seed: 2)
                ).first)
            let ordered = ratings.sortedByTime(fold.trainAndValidation, times: times)
            #expect(fold.validation == Array(ordered.suffix(fold.validation.count)).sorted())
            #expect(fold.validation.count == Splitter.share(fold.trainAndValidation.count, 0.25))
        }
    }
}
