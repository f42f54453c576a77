import ArgumentParser
import Foundation
import MLModels

struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Predict ratings of (user, item) pairs with an exported model file.",
        discussion: """
            Reads one `user,item` pair per line (a comma, a tab or spaces between them; a first line \
            `user,item` is taken as a header) from --pairs FILE or standard input, and prints one \
            prediction per line, in order. A third field, the time of the rating in seconds since \
            1970 (`user,item,time`, on every line), is read by members whose answer depends on time \
            (`timesvdpp`, `fm` with context features) and by time-weighted combiners. Every member predicts and the combiner makes one answer. \
            Users and items the model never saw get the members' documented fallbacks (the global \
            mean, or the known side's bias); how many did is said on standard error.
            """
    )

    @Argument(help: "The model file (`mass export`).") var model: String
    @Option(help: "The file of pairs; standard input when absent or '-'.") var pairs: String?
    @Flag(help: "Print JSON: each pair with its prediction and whether its user and item were known.") var json = false

    func run() throws {
        let (ensemble, _) = try ModelFileReading.read(model)
        let source = pairs ?? "-"
        let text: String
        if source == "-" {
            text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            guard let data = FileManager.default.contents(atPath: source) else {
                Console.error("mass: error: cannot read \(source)")
                throw MassExit.failure
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let parsed: [PairLine]
        do {
            parsed = try PairLine.parse(text)
        } catch let error as PairLine.Malformed {
            Console.error(
                "\(source == "-" ? "<stdin>" : source):\(error.line):1: error: \(error.message)\nhint: write one `user,item` pair per line, or `user,item,time` on every line"
            )
            throw MassExit.badInput
        }
        let times = parsed.first?.time == nil ? nil : parsed.compactMap(\.time)
        let answers = ensemble.predict(users: parsed.map(\.user), items: parsed.map(\.item), times: times)
        if json {
            struct Answer: Encodable {
                var user: String, item: String, prediction: Double, knownUser: Bool, knownItem: Bool
            }
            let list = parsed.indices.map { index in
                Answer(
                    user: parsed[index].user, item: parsed[index].item, prediction: answers.values[index],
                    knownUser: answers.knownUsers[index], knownItem: answers.knownItems[index])
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            Console.out(String(decoding: try encoder.encode(list), as: UTF8.self))
        } else if !answers.values.isEmpty {
            Console.out(answers.values.map { String($0) }.joined(separator: "\n"))
        }
        let unknown = zip(answers.knownUsers, answers.knownItems).filter { !$0 || !$1 }.count
        if unknown > 0 {
            Console.error(
                "mass: \(unknown) of \(parsed.count) pairs had a user or an item the model never saw; they got the fallbacks")
        }
    }
}

/// One `user,item` (or `user,item,time`) line of a pairs file.
struct PairLine: Equatable {
    var user: String
    var item: String
    /// Seconds since 1970, when the file gives times.
    var time: Double? = nil

    struct Malformed: Error {
        var line: Int
        var message: String
    }

    /// The pairs of `text`; blank lines are skipped, a first line `user,item`
    /// (or `user,item,time`) is a header. Either every line has a time or none does.
    static func parse(_ text: String) throws -> [PairLine] {
        var pairs: [PairLine] = []
        var timed: Bool?
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            let fields = line.split(whereSeparator: { $0 == "," || $0 == "\t" || $0 == " " }).map(String.init)
            guard fields.count == 2 || fields.count == 3 else {
                throw Malformed(
                    line: index + 1,
                    message: "expected a user, an item and optionally a time, found \(fields.count) fields in '\(line)'")
            }
            if pairs.isEmpty && index == 0 && fields[0].lowercased() == "user" && fields[1].lowercased() == "item" { continue }
            var pair = PairLine(user: fields[0], item: fields[1])
            if fields.count == 3 {
                guard let time = Double(fields[2]), time.isFinite else {
                    throw Malformed(
                        line: index + 1, message: "the time '\(fields[2])' is not a number of seconds since 1970")
                }
                pair.time = time
            }
            if let timed, timed != (pair.time != nil) {
                throw Malformed(
                    line: index + 1,
                    message: timed
                        ? "this line has no time, and earlier lines have one"
                        : "this line has a time, and earlier lines have none")
            }
            timed = pair.time != nil
            pairs.append(pair)
        }
        return pairs
    }
}
