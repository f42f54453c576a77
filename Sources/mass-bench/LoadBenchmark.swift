// The rating-file loading benchmark.
//   mass-bench load generate --rows N --out FILE [--seed S]   writes a synthetic CSV
//   mass-bench load run --file FILE [--repeat N]              times RatingFile.load
// Both files (generated CSV and RecBole's .inter) name their columns
// user_id, item_id, rating, timestamp, so one column choice reads either.
import Foundation
import MLCore

func runLoadBenchmark(_ arguments: [String]) throws {
    guard let mode = arguments.first else { throw LoadUsage.message(loadUsage) }
    let options = try LoadOptions(Array(arguments.dropFirst()))
    switch mode {
    case "generate": try generateRatingsCSV(options)
    case "run": try timeRatingsLoad(options)
    case "stream-generate": try streamRatingsCSV(options)
    case "sample": try timeStreamingSample(options)
    default: throw LoadUsage.message(loadUsage)
    }
}

private let loadUsage =
    "usage: mass-bench load generate --rows N --out FILE [--seed S] | run --file FILE [--repeat N]"
    + " | stream-generate --rows N --out FILE [--seed S] | sample --file FILE --size N [--method reservoir|recent]"

enum LoadUsage: Error, CustomStringConvertible {
    case message(String)
    var description: String { if case .message(let text) = self { text } else { "" } }
}

/// `--name value` pairs.
struct LoadOptions {
    private var values: [String: String] = [:]

    init(_ arguments: [String]) throws {
        var index = 0
        while index < arguments.count {
            let key = arguments[index]
            guard key.hasPrefix("--"), index + 1 < arguments.count else {
                throw LoadUsage.message("expected --name value, got \(key)")
            }
            values[String(key.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
    }

    func optional(_ name: String) -> String? { values[name] }

    func string(_ name: String) throws -> String {
        guard let value = values[name] else { throw LoadUsage.message("missing --\(name)") }
        return value
    }

    func int(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            throw LoadUsage.message("--\(name) needs an integer")
        }
        return value
    }
}

/// Writes `rows` ratings drawn from the latent-factor generator, half-star steps, Unix-like times.
private func generateRatingsCSV(_ options: LoadOptions) throws {
    let rows = try options.int("rows", default: 10_000_000)
    let path = try options.string("out")
    let users = max(rows / 50, 10), items = max(rows / 200, 10)
    let started = Date()
    let data = try SyntheticRatings(
        SyntheticRatingsConfiguration(
            users: users, items: items, ratings: rows, factors: 4, step: 0.5, seed: UInt64(try options.int("seed", default: 1))))
    let ratings = data.ratings
    let times = ratings.times ?? []
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
        throw LoadUsage.message("cannot write \(path)")
    }
    defer { try? handle.close() }
    var buffer = Array("user_id,item_id,rating,timestamp\n".utf8)
    buffer.reserveCapacity(1 << 22)
    for row in 0..<ratings.count {
        buffer.append(
            contentsOf: "\(ratings.users[row]),\(ratings.items[row]),\(ratings.values[row]),\(1_500_000_000 + Int(times[row]))\n"
                .utf8)
        if buffer.count >= 1 << 22 {
            try handle.write(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
        }
    }
    try handle.write(contentsOf: buffer)
    print(
        "generated \(path): \(rows) rows, \(users) users, \(items) items in \(String(format: "%.1f", Date().timeIntervalSince(started))) s"
    )
}

private func timeRatingsLoad(_ options: LoadOptions) throws {
    let path = try options.string("file")
    let repeats = try options.int("repeat", default: 5)
    let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    let columns = RatingColumns(user: "user_id", item: "item_id", rating: "rating", time: "timestamp")
    var seconds: [Double] = [], cpuSeconds: [Double] = []
    var rows = 0, users = 0, items = 0
    for _ in 0..<max(repeats, 1) {
        let cpuBefore = processCPUSeconds()
        let clock = ContinuousClock()
        var loaded: LoadedRatings?
        let elapsed = try clock.measure {
            loaded = try RatingFile.load(path: path, options: RatingFileOptions(columns: columns))
        }
        rows = loaded?.ratings.count ?? 0
        users = loaded?.ratings.userCount ?? 0
        items = loaded?.ratings.itemCount ?? 0
        seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        cpuSeconds.append(processCPUSeconds() - cpuBefore)
    }
    seconds.sort()
    cpuSeconds.sort()
    let best = seconds[0], median = seconds[seconds.count / 2]
    let megabytes = Double(bytes) / 1_000_000
    print(
        String(
            format:
                "load %@: %d rows (%d users, %d items), %.1f MB; best %.1f ms, median %.1f ms over %d runs; %.0f MB/s (best), %.0f MB/s (median); peak RSS %@",
            (path as NSString).lastPathComponent, rows, users, items, megabytes, best * 1000, median * 1000, seconds.count,
            megabytes / best, megabytes / median, peakResidentMemory()))
    // On a busy machine wall time includes waiting for a core; CPU time (user + system) does not.
    print(
        String(
            format: "  CPU time per load: best %.1f ms, median %.1f ms; %.0f MB per CPU-second (median)",
            cpuSeconds[0] * 1000, cpuSeconds[cpuSeconds.count / 2] * 1000, megabytes / cpuSeconds[cpuSeconds.count / 2]))
}

/// User plus system CPU time of this process so far.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The process's peak resident set (VmHWM) on Linux.
func peakResidentMemory() -> String {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
    else { return "unknown" }
    let kilobytes = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "") ?? 0
    return String(format: "%.0f MB", kilobytes / 1024)
}
