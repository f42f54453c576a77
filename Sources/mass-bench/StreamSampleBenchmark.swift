// Sampling a file larger than memory while it is read, then training on the sample.
//   mass-bench load stream-generate --rows N --out FILE   writes N ratings without holding them
//   mass-bench load sample --file FILE --size N           reservoir (or --method recent) of N rows, then mf on it
import Foundation
import MLCore
import MLModels

/// Writes `rows` ratings line by line: user and item biases plus noise, integer stars,
/// increasing times. Pairs may repeat (a later rating replaces an earlier one when loaded with `last`).
func streamRatingsCSV(_ options: LoadOptions) throws {
    let rows = try options.int("rows", default: 100_000_000)
    let path = try options.string("out")
    let users = max(rows / 100, 10), items = max(rows / 1000, 10)
    var generator = SeededGenerator(seed: UInt64(try options.int("seed", default: 1)))
    let userBias = (0..<users).map { _ in generator.nextGaussian() * 0.4 }
    let itemBias = (0..<items).map { _ in generator.nextGaussian() * 0.6 }
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        throw LoadUsage.message("cannot write \(path)")
    }
    defer { try? handle.close() }
    let started = Date()
    var buffer = Array("user_id,item_id,rating,timestamp\n".utf8)
    buffer.reserveCapacity(1 << 23)
    for row in 0..<rows {
        let user = generator.nextInt(below: users), item = generator.nextInt(below: items)
        let value = (3.5 + userBias[user] + itemBias[item] + generator.nextGaussian() * 0.8).rounded()
        appendDecimal(user, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        appendDecimal(item, to: &buffer)
        buffer.append(UInt8(ascii: ","))
        buffer.append(UInt8(ascii: "0") + UInt8(min(max(value, 1), 5)))
        buffer.append(UInt8(ascii: ","))
        appendDecimal(1_500_000_000 + row, to: &buffer)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= 1 << 23 {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try handle.write(contentsOf: buffer)
    let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    print(
        String(
            format: "generated %@: %d rows, %d users, %d items, %.2f GB in %.1f s", path, rows, users, items,
            Double(bytes) / 1e9, Date().timeIntervalSince(started)))
}

private func appendDecimal(_ value: Int, to buffer: inout [UInt8]) {
    var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    )
    var count = 0, rest = value
    withUnsafeMutableBytes(of: &digits) { slots in
        repeat {
            slots[count] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
            count += 1
        } while rest > 0 && count < 12
        for index in stride(from: count - 1, through: 0, by: -1) { buffer.append(slots[index]) }
    }
}

/// Loads a sample of the file in one pass, then fits `mf` on 90% of it and scores the rest.
func timeStreamingSample(_ options: LoadOptions) throws {
    let path = try options.string("file")
    let size = try options.int("size", default: 5_000_000)
    let method = options.optional("method") ?? "reservoir"
    let sampling: StreamSampling = method == "recent" ? .recent(count: size) : .reservoir(size: size)
    let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    let columns = RatingColumns(user: "user_id", item: "item_id", rating: "rating", time: "timestamp")
    let clock = ContinuousClock()
    let cpuBefore = processCPUSeconds()
    var loaded: LoadedRatings?
    let elapsed = try clock.measure {
        loaded = try RatingFile.load(
            path: path, options: RatingFileOptions(columns: columns, duplicates: .last), sampling: sampling, seed: 1)
    }
    let cpu = processCPUSeconds() - cpuBefore
    guard let loaded else { return }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    print(
        String(
            format:
                "sample %@ (%@ of %d): %.2f GB read in %.1f s (%.0f MB/s wall, %.0f MB/s per CPU-second); kept %d rows (%d users, %d items); peak RSS after loading %@",
            (path as NSString).lastPathComponent, method, size, Double(bytes) / 1e9, seconds, Double(bytes) / 1e6 / seconds,
            Double(bytes) / 1e6 / cpu, loaded.ratings.count, loaded.ratings.userCount, loaded.ratings.itemCount,
            peakResidentMemory()))

    // mf on the sample: every tenth row held out.
    let ratings = loaded.ratings
    let test = stride(from: 0, to: ratings.count, by: 10).map { $0 }
    let train = (0..<ratings.count).filter { $0 % 10 != 0 }
    let model = MatrixFactorization(.init(factors: 20, epochs: 10, learningRate: 0.005, reg: 0.02))
    var fitted: MatrixFactorization.Fitted?
    let fitTime = try clock.measure {
        fitted = try model.fit(train: ratings.subset(train), scale: loaded.scale, seed: 1)
    }
    let heldOut = ratings.subset(test)
    let predicted = fitted?.predict(users: heldOut.users, items: heldOut.items).values ?? []
    var squared = 0.0
    for (index, value) in predicted.enumerated() { squared += (value - heldOut.values[index]) * (value - heldOut.values[index]) }
    let fitSeconds = Double(fitTime.components.seconds) + Double(fitTime.components.attoseconds) * 1e-18
    print(
        String(
            format: "mf (20 factors, 10 epochs) on %d sampled rows: %.1f s; held-out RMSE %.4f over %d rows; peak RSS %@",
            train.count, fitSeconds, (squared / Double(max(predicted.count, 1))).squareRoot(), predicted.count,
            peakResidentMemory()))
}
