import Foundation
import MLCore
import Testing
@testable import MLModels

/// Update rules, losses and schedules against steps computed by hand.
@Suite struct OptimizationTests {
    /// Two updates of w = 1 with gradients 0.5 then -0.25 at lr 0.1; returns w after each.
    func twoSteps<Rule: UpdateRule>(_ rule: Rule) -> [Float] {
        var rule = rule
        var w: Float = 1, m: Float = 0, v: Float = 0
        var after: [Float] = []
        for (step, g) in [(1, Float(0.5)), (2, Float(-0.25))] {
            rule.prepare(step: step, rate: 0.1)
            rule.update(&w, gradient: g, &m, &v)
            after.append(w)
        }
        return after
    }

    func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-6) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance }
    }

    @Test func sgd() {
        // 1 - 0.1·0.5 = 0.95; 0.95 + 0.1·0.25 = 0.975.
        #expect(close(twoSteps(SGDRule()), [0.95, 0.975]))
    }

    @Test func momentum() {
        // m = 0.5 → w = 0.95; m = 0.9·0.5 − 0.25 = 0.2 → w = 0.93.
        #expect(close(twoSteps(MomentumRule(momentum: 0.9)), [0.95, 0.93]))
    }

    @Test func adagrad() {
        // v = 0.25 → w = 1 − 0.1·0.5/0.5 = 0.9; v = 0.3125 → w = 0.9 + 0.1·0.25/√0.3125.
        let second = 0.9 + 0.1 * 0.25 / 0.3125.squareRoot()
        #expect(close(twoSteps(AdagradRule(eps: 0)), [0.9, second]))
    }

    @Test func rmsprop() {
        // v = 0.1·0.25 = 0.025 → w = 1 − 0.1·0.5/√0.025; v = 0.9·0.025 + 0.1·0.0625 = 0.02875.
        let first = 1 - 0.1 * 0.5 / 0.025.squareRoot()
        let second = first + 0.1 * 0.25 / 0.02875.squareRoot()
        #expect(close(twoSteps(RMSpropRule(decay: 0.9, eps: 0)), [first, second], tolerance: 1e-5))
    }

    @Test func adam() {
        // Step 1: m̂ = 0.5, v̂ = 0.25, so w moves by lr exactly: 0.9.
        // Step 2: m = 0.9·0.05 − 0.025 = 0.02, v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225;
        // m̂ = 0.02 / 0.19, v̂ = 0.00031225 / 0.001999.
        let mHat = 0.02 / (1 - 0.81), vHat = 0.00031225 / (1 - 0.998001)
        let second = 0.9 - 0.1 * mHat / vHat.squareRoot()
        #expect(close(twoSteps(AdamRule(beta1: 0.9, beta2: 0.999, eps: 0)), [0.9, second], tolerance: 1e-5))
    }

    @Test func lossGradients() {
        // Gradients with respect to the prediction, for errors e = rating − prediction.
        #expect(TrainingLoss.mse.gradient(error: 2, delta: 1) == -2)
        #expect(TrainingLoss.mae.gradient(error: 2, delta: 1) == -1)
        #expect(TrainingLoss.mae.gradient(error: -0.3, delta: 1) == 1)
        #expect(TrainingLoss.mae.gradient(error: 0, delta: 1) == 0)
        let huber = TrainingLoss.huber(delta: 1)
        #expect(huber.gradient(error: 0.5, delta: 1) == -0.5)
        #expect(huber.gradient(error: 3, delta: 1) == -1)
        #expect(huber.gradient(error: -3, delta: 1) == 1)
        // The values agree with the gradients: a finite difference of the loss.
        for loss in [TrainingLoss.mse, .mae, huber] {
            for e in [-2.5, -0.4, 0.7, 1.9] {
                let h = 1e-4
                let slope = (loss.value(error: e + h) - loss.value(error: e - h)) / (2 * h)
                #expect(abs(-slope - Double(loss.gradient(error: Float(e), delta: loss.delta))) < 1e-3, "\(loss) at \(e)")
            }
        }
    }

    @Test func schedules() {
        #expect(LearningRateSchedule.constant.rate(0.01, epoch: 7, of: 10) == 0.01)
        #expect(abs(LearningRateSchedule.exponential(decay: 0.5).rate(0.08, epoch: 3, of: 10) - 0.02) < 1e-15)
        #expect(LearningRateSchedule.cosine.rate(0.1, epoch: 1, of: 4) == 0.1)
        #expect(abs(LearningRateSchedule.cosine.rate(0.1, epoch: 3, of: 4) - 0.05) < 1e-12)
    }

    @Test func earlyStoppingStopsAfterPatience() {
        let tracker = EarlyStopping.Tracker(patience: 2)
        #expect(!tracker.record(1.0))
        #expect(!tracker.record(0.9))
        #expect(!tracker.record(0.95))
        #expect(tracker.record(0.91))
    }

    @Test func earlyStoppingEndsAnOverfittingFit() throws {
        let data = syntheticRatings(users: 60, items: 40, count: 900, seed: 3)
        let train = data.subset(Array(0..<700)), validation = data.subset(Array(700..<900))
        var parameters = MatrixFactorization.Parameters(factors: 20, epochs: 200, learningRate: 0.02, reg: 0)
        parameters.learning.earlyStopping = EarlyStopping(patience: 3)
        let fitted = try MatrixFactorization(parameters).validated(by: validation).fit(train: train, scale: 1...5, seed: 1)
        #expect(fitted.trainingReport.stoppedEarly)
        #expect(fitted.trainingReport.epochs < 200)
        // Without validation rows nothing stops.
        let full = try MatrixFactorization(parameters).fit(train: train, scale: 1...5, seed: 1)
        #expect(full.trainingReport.epochs == 200)
    }

    /// Every optimizer, loss and batch size trains mf: finite, deterministic per seed, and better than the mean.
    @Test(arguments: OptimizerKind.allCases)
    func matrixFactorizationLearns(optimizer: OptimizerKind) throws {
        let data = syntheticRatings(users: 50, items: 40, count: 1200, seed: 5)
        let train = data.subset(Array(0..<1000)), test = data.subset(Array(1000..<1200))
        for (loss, batch) in [(TrainingLoss.mse, 1), (.huber(delta: 1), 8), (.mae, 1)] {
            let rate = optimizer == .sgd || optimizer == .momentum ? 0.01 : 0.01
            let options = LearningOptions(optimizer: OptimizerSettings(optimizer), loss: loss, batch: batch)
            let model = MatrixFactorization(
                .init(factors: 5, epochs: 30, learningRate: rate, reg: 0.02, learning: options))
            let first = try model.fit(train: train, scale: 1...5, seed: 7).predict(test).values
            let second = try model.fit(train: train, scale: 1...5, seed: 7).predict(test).values
            #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
            let mean = train.values.reduce(0, +) / Double(train.count)
            let baseline = rootMeanSquaredError([Double](repeating: mean, count: test.count), test.values)
            let rmse = rootMeanSquaredError(first, test.values)
            #expect(rmse < baseline, "\(optimizer) \(loss) batch \(batch): \(rmse) against the mean's \(baseline)")
        }
    }

    /// svdpp with each optimizer and mini-batches: deterministic, and better than the mean.
    @Test(arguments: OptimizerKind.allCases)
    func svdPlusPlusLearns(optimizer: OptimizerKind) throws {
        let data = syntheticRatings(users: 50, items: 40, count: 1200, seed: 8)
        let train = data.subset(Array(0..<1000)), test = data.subset(Array(1000..<1200))
        let options = LearningOptions(optimizer: OptimizerSettings(optimizer), loss: .huber(delta: 1.5), batch: 3)
        let model = SVDPlusPlus(.init(factors: 5, epochs: 20, learningRate: 0.01, learning: options))
        let first = try model.fit(train: train, scale: 1...5, seed: 7).predict(test).values
        let second = try model.fit(train: train, scale: 1...5, seed: 7).predict(test).values
        #expect(first.map(\.bitPattern) == second.map(\.bitPattern))
        let mean = train.values.reduce(0, +) / Double(train.count)
        let baseline = rootMeanSquaredError([Double](repeating: mean, count: test.count), test.values)
        #expect(rootMeanSquaredError(first, test.values) < baseline, "\(optimizer)")
    }

    /// A constant schedule and per-rating SGD on ½e² take the original kernel: the same bits as before the options existed.
    @Test func defaultsAreTheClassicPath() throws {
        let data = syntheticRatings(users: 30, items: 20, count: 300, seed: 2)
        let plain = try MatrixFactorization(.init(factors: 4, epochs: 5)).fit(train: data, scale: 1...5, seed: 1)
        var parameters = MatrixFactorization.Parameters(factors: 4, epochs: 5)
        parameters.learning = LearningOptions()
        let again = try MatrixFactorization(parameters).fit(train: data, scale: 1...5, seed: 1)
        #expect(plain.epochLosses == again.epochLosses)
        #expect(LearningOptions().isClassicSGD)
        #expect(!LearningOptions(batch: 2).isClassicSGD)
    }
}
