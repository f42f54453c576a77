// The `autorec` suite: RMSE and fit time per fold of `autorec` on seeded
// folds of MovieLens 100k, the training throughput, and the dense-layer
// kernel's GFLOP/s.
//
//   mass-bench autorec [--data PATH] [--folds N] [--run N] [--epochs N] [--hidden 500,250]
//                      [--lr X] [--l2 X] [--batch N] [--optimizer adam] [--dropout X] [--activation sigmoid]
//                      [--schedule constant|cosine|DECAY] [--curve]
import Foundation
import MLCore
import MLModels

func runAutoRecBenchmark(_ arguments: [String]) throws {
    var dataPath = ProcessInfo.processInfo.environment["MASS_MOVIELENS"] ?? "data/ml-100k/ml-100k.inter"
    var folds = 5, run = 5, curve = false
    var parameters = AutoRec.Parameters()
    var rest = arguments[...]
    while let flag = rest.popFirst() {
        if flag == "--curve" {
            curve = true
            continue
        }
        guard let value = rest.popFirst() else { throw BenchmarkError("\(flag) needs a value") }
        switch flag {
        case "--data": dataPath = value
        case "--folds": folds = try number(value, flag)
        case "--run": run = try number(value, flag)
        case "--epochs": parameters.epochs = try number(value, flag)
        case "--hidden": parameters.hidden = try value.split(separator: ",").map { try number(String($0), flag) }
        case "--lr": parameters.learningRate = try number(value, flag)
        case "--l2": parameters.l2 = try number(value, flag)
        case "--batch": parameters.learning.batch = try number(value, flag)
        case "--dropout": parameters.dropout = try number(value, flag)
        case "--activation":
            parameters.activations = try value.split(separator: ",").map {
                guard let activation = Activation(rawValue: String($0)) else { throw BenchmarkError("bad \(flag)") }
                return activation
            }
        case "--schedule":
            parameters.learning.schedule =
                value == "cosine" ? .cosine : value == "constant" ? .constant : .exponential(decay: try number(value, flag))
        case "--optimizer":
            guard let kind = OptimizerKind(rawValue: value) else { throw BenchmarkError("unknown optimizer \(value)") }
            parameters.learning.optimizer.kind = kind
        default: throw BenchmarkError("unknown option \(flag)")
        }
    }
    let model = AutoRec(parameters)
    let data = try readRatingsTSV(dataPath)
    let assignment = foldAssignment(count: data.count, folds: folds, seed: 2024)
    print(
        "autorec hidden \(parameters.hidden), \(parameters.learning.optimizer.kind) lr \(parameters.learningRate), "
            + "l2 \(parameters.l2), batch \(parameters.learning.batch), \(parameters.epochs) epochs")
    var errors: [Double] = [], seconds: [Double] = []
    for fold in 0..<min(run, folds) {
        let train = data.subset(assignment.indices.filter { assignment[$0] != fold })
        let test = data.subset(assignment.indices.filter { assignment[$0] == fold })
        let start = Date()
        // With --curve, the test RMSE after every epoch (slower: a prediction pass per epoch).
        let observer: EpochObserver? =
            curve
            ? .validationRMSE(on: test) { epoch, rmse in
                print(String(format: "  epoch %d: test RMSE %.4f", epoch, rmse))
                return .proceed
            } : nil
        let fitted = try model.fit(train: train, scale: 1...5, seed: 1 + UInt64(fold), observer: observer)
        let elapsed = Date().timeIntervalSince(start)
        let predicted = try fitted.predict(test).values
        var sum = 0.0
        for k in predicted.indices { sum += (predicted[k] - test.values[k]) * (predicted[k] - test.values[k]) }
        let rmse = (sum / Double(predicted.count)).squareRoot()
        let flops = model.flopsPerEpoch(ratings: train.count, items: train.itemCount) * Double(parameters.epochs)
        print(
            String(
                format: "fold %d: RMSE %.4f, fit %.1f s (%.1f ms per epoch), layer products %.2f GFLOP/s", fold + 1, rmse,
                elapsed, elapsed * 1000 / Double(max(1, parameters.epochs)), flops / elapsed / 1e9))
        errors.append(rmse)
        seconds.append(elapsed)
    }
    let mean = errors.reduce(0, +) / Double(max(1, errors.count))
    print(
        String(
            format: "mean RMSE %.4f over %d folds, mean fit %.1f s", mean, errors.count,
            seconds.reduce(0, +) / Double(max(1, seconds.count))))
    for (m, k, n) in [(64, 500, 500), (1682, 500, 943), (256, 1024, 1024)] {
        let time = AutoRec.timeDenseProduct(m: m, k: k, n: n)
        print(String(format: "dense product %d×%d · %d×%d: %.2f GFLOP/s", m, k, k, n, 2 * Double(m * k * n) / time / 1e9))
    }
}

private struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private func number<T: LosslessStringConvertible>(_ text: String, _ flag: String) throws -> T {
    guard let value = T(text) else { throw BenchmarkError("\(flag): not a number: \(text)") }
    return value
}
