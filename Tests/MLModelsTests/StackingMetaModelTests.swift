import Foundation
import MLCore
import Testing
@testable import MLModels

@Suite("Stacking meta-models")
struct StackingMetaModelTests {
    /// Members whose accuracy depends on a feature x in [0, 1]: the first is good where
    /// x is high, the second where it is low.
    static func featureDependent(rows: Int, seed: UInt64) -> (CombinerData, feature: [Double]) {
        var generator = SeededGenerator(seed: seed, label: "test.fwls")
        var targets = [Double](repeating: 0, count: rows), feature = targets
        var members = [[Double]](repeating: targets, count: 2)
        for row in 0..<rows {
            targets[row] = 1 + 4 * generator.nextUnit()
            feature[row] = generator.nextUnit()
            members[0][row] = targets[row] + (0.1 + 1.2 * (1 - feature[row])) * generator.nextGaussian()
            members[1][row] = targets[row] + (0.1 + 1.2 * feature[row]) * generator.nextGaussian()
        }
        return (CombinerData(members: members, targets: targets), feature)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func ridgeWithoutFeaturesIsTheStackingRuleBitForBit(seed: UInt64) throws {
        let data = noisyMembers(noise: [0.4, 0.6, 0.9], rows: 500, seed: seed)
        for (alpha, intercept) in [(0.0, true), (0.0, false), (3.0, true)] {
            let model = try PredictionCombiner.fitStacking(
                .ridge(alpha: alpha, intercept: intercept), members: data.members, features: [], targets: data.targets)
            let rule = try PredictionCombiner.fit(
                .stacking(alpha: alpha, intercept: intercept), members: data.members, targets: data.targets)
            #expect(model.coefficients.map(\.bitPattern) == rule.weights.map(\.bitPattern))
            #expect(model.intercept.bitPattern == rule.intercept.bitPattern)
            #expect(model.featureCount == 0 && model.memberCount == 3)
            let applied = model.apply(members: data.members, features: [], scale: 1...5)
            #expect(applied.map(\.bitPattern) == rule.apply(data.members, scale: 1...5).map(\.bitPattern))
        }
    }

    @Test(
        arguments: [MetaLearner.ridge(alpha: 0, intercept: true), .ridge(alpha: 0, intercept: false), .nonNegative],
        [4, 5, 6] as [UInt64])
    func onePerfectMemberTakesTheWeight(learner: MetaLearner, seed: UInt64) throws {
        let data = noisyMembers(noise: [0.5, 0, 0.8], rows: 400, seed: seed)
        var generator = SeededGenerator(seed: seed, label: "test.feature")
        let feature = (0..<400).map { _ in generator.nextGaussian() }
        for features in [[], [feature]] {
            let model = try PredictionCombiner.fitStacking(
                learner, members: data.members, features: features, targets: data.targets)
            #expect(abs(model.coefficients[1] - 1) < 1e-6)
            for (index, coefficient) in model.coefficients.enumerated() where index != 1 { #expect(abs(coefficient) < 1e-6) }
            #expect(abs(model.intercept) < 1e-6)
        }
    }

    @Test(arguments: [4, 5, 6] as [UInt64])
    func aRidgePenaltyShrinksThePerfectMemberALittle(seed: UInt64) throws {
        let data = noisyMembers(noise: [0.5, 0, 0.8], rows: 400, seed: seed)
        let ridge = try PredictionCombiner.fitStacking(
            .ridge(alpha: 1, intercept: true), members: data.members, features: [], targets: data.targets)
        #expect(ridge.coefficients[1] > 0.95 && ridge.coefficients[1] < 1)
        #expect(abs(ridge.coefficients[0]) < 0.05 && abs(ridge.coefficients[2]) < 0.05)
    }

    @Test(arguments: [7, 8, 9] as [UInt64])
    func featureWeightsBeatThePlainStack(seed: UInt64) throws {
        let (train, feature) = Self.featureDependent(rows: 3_000, seed: seed)
        let (test, testFeature) = Self.featureDependent(rows: 1_000, seed: seed + 100)
        let learner = MetaLearner.ridge(alpha: 0, intercept: true)
        let plain = try PredictionCombiner.fitStacking(learner, members: train.members, features: [], targets: train.targets)
        let weighted = try PredictionCombiner.fitStacking(
            learner, members: train.members, features: [feature], targets: train.targets)
        #expect(weighted.featureCount == 1 && weighted.coefficients.count == 4)
        // The first member's weight rises with the feature, the second's falls.
        #expect(weighted.coefficients[2] > 0.1 && weighted.coefficients[3] < -0.1)
        let plainError = rootMeanSquaredError(plain.apply(members: test.members, features: [], scale: 1...5), test.targets)
        let weightedError = rootMeanSquaredError(
            weighted.apply(members: test.members, features: [testFeature], scale: 1...5), test.targets)
        #expect(weightedError < plainError - 0.1)
    }

    /// Non-negative products can only raise a member's weight with a feature, so here they
    /// help the first member alone; on the training rows they never fit worse.
    @Test(arguments: [7, 8, 9] as [UInt64])
    func nonNegativeFeatureWeightsNeverFitWorse(seed: UInt64) throws {
        let (train, feature) = Self.featureDependent(rows: 3_000, seed: seed)
        let plain = try PredictionCombiner.fitStacking(.nonNegative, members: train.members, features: [], targets: train.targets)
        let weighted = try PredictionCombiner.fitStacking(
            .nonNegative, members: train.members, features: [feature], targets: train.targets)
        #expect(weighted.coefficients.allSatisfy { $0 >= 0 } && weighted.intercept == 0)
        #expect(weighted.coefficients[2] > 0 && weighted.coefficients[3] == 0)
        let wide = -1e9...1e9
        let plainError = rootMeanSquaredError(plain.apply(members: train.members, features: [], scale: wide), train.targets)
        let weightedError = rootMeanSquaredError(
            weighted.apply(members: train.members, features: [feature], scale: wide), train.targets)
        #expect(weightedError <= plainError)
    }

    @Test func featuresAreStandardisedOnTheTrainingRows() throws {
        let (data, feature) = Self.featureDependent(rows: 200, seed: 10)
        let shifted = feature.map { 1_000 + 50 * $0 }
        let single = try PredictionCombiner.fitStacking(
            .ridge(alpha: 0, intercept: true), members: data.members, features: [shifted], targets: data.targets)
        let mean = shifted.reduce(0, +) / 200
        let deviation = (shifted.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 200).squareRoot()
        #expect(abs(single.featureMeans[0] - mean) < 1e-9)
        #expect(abs(single.featureDeviations[0] - deviation) < 1e-9)
        // An affine copy of a feature standardises to the same column, so the fit is the same.
        let reference = try PredictionCombiner.fitStacking(
            .ridge(alpha: 0, intercept: true), members: data.members, features: [feature], targets: data.targets)
        for (a, b) in zip(single.coefficients, reference.coefficients) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func constantFeaturesAreLeftOut() throws {
        let data = noisyMembers(noise: [0.3, 0.6], rows: 100, seed: 11)
        let constant = [Double](repeating: 4, count: 100)
        let model = try PredictionCombiner.fitStacking(
            .ridge(alpha: 0, intercept: true), members: data.members, features: [constant], targets: data.targets)
        let plain = try PredictionCombiner.fitStacking(
            .ridge(alpha: 0, intercept: true), members: data.members, features: [], targets: data.targets)
        #expect(Array(model.coefficients[2...]) == [0, 0])
        #expect(model.featureDeviations == [1])
        for (a, b) in zip(model.coefficients, plain.coefficients) { #expect(abs(a - b) < 1e-12) }
        let applied = model.apply(members: data.members, features: [constant], scale: 1...5)
        #expect(applied.allSatisfy { $0.isFinite })
    }

    @Test func invalidInputsAreRejected() {
        let data = noisyMembers(noise: [0.3], rows: 10, seed: 12)
        func code(_ learner: MetaLearner, features: [[Double]]) -> ModelError.Code? {
            do {
                _ = try PredictionCombiner.fitStacking(learner, members: data.members, features: features, targets: data.targets)
            } catch let error as ModelError {
                return error.code
            } catch {}
            return nil
        }
        #expect(code(.ridge(alpha: -1, intercept: true), features: []) == .invalidParameter)
        #expect(code(.ridge(alpha: .nan, intercept: true), features: []) == .invalidParameter)
        #expect(code(.nonNegative, features: [[1, 2]]) == .invalidParameter)
        #expect(code(.nonNegative, features: [(0..<10).map { $0 == 4 ? .infinity : Double($0) }]) == .invalidParameter)
        #expect(code(.nonNegative, features: [(0..<10).map(Double.init)]) == nil)
    }

    @Test func metaFeaturesCountTrainingSupport() {
        // Training: user 0 rated items 0 and 1, user 1 rated item 1; four users, three items.
        let training = ratingSet([(0, 0, 4), (0, 1, 3), (1, 1, 5)], users: 4, items: 3)
        let features = PredictionCombiner.metaFeatures(
            [.userSupport, .itemSupport, .time], users: [0, 1, 3, 7], items: [1, 0, 2, 1], times: [10, 20, 30, 40],
            training: training)
        #expect(features[0] == [log(3), log(2), 0, 0])
        #expect(features[1] == [log(3), log(2), 0, log(3)])
        #expect(features[2] == [10, 20, 30, 40])
        let untimed = PredictionCombiner.metaFeatures([.time], users: [0, 1], items: [0, 0], times: nil, training: training)
        #expect(untimed == [[0, 0]])
        #expect(MetaFeature(rawValue: "user_support") == .userSupport && MetaFeature.allCases.count == 3)
    }
}
