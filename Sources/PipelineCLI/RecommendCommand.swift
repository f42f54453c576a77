import ArgumentParser
import Dispatch
import Foundation
import MLModels

struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend items to users with an exported model file.",
        discussion: """
            Prints the top n items the user has not rated, best first, with their combined scores: \
            every member scores every item and the combiner makes one score of them. With --users FILE \
            (one id per line), every user in turn, computed in parallel on all cores and printed in the \
            file's order as `user<TAB>rank<TAB>item<TAB>score`. A user the model never saw gets the \
            members' fallback ranking, flagged (`known: false` in --json).
            """
    )

    @Argument(help: "The model file (`mass export`).") var model: String
    @Option(help: "The user to recommend to.") var user: String?
    @Option(help: "A file of user ids, one per line.") var users: String?
    @Option(name: .short, help: "How many items to recommend.") var n = 10
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard (user == nil) != (users == nil) else { throw ValidationError("give either --user ID or --users FILE") }
        guard n >= 1 else { throw ValidationError("-n must be at least 1, got \(n)") }
    }

    func run() throws {
        let (ensemble, _) = try ModelFileReading.read(model)
        var ids: [String]
        if let user {
            ids = [user]
        } else if let users {
            guard let data = FileManager.default.contents(atPath: users) else {
                Console.error("mass: error: cannot read \(users)")
                throw MassExit.failure
            }
            ids = String(decoding: data, as: UTF8.self).split(separator: "\n")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else {
            ids = []
        }
        let lists = Self.recommendations(ensemble, users: ids, count: n)
        if json {
            Console.out(Self.json(ids, lists))
        } else if user != nil, let list = lists.first {
            if !list.knownUser { Console.error("mass: user \(ids[0]) is unknown to the model: these are the fallback ranking") }
            Console.out(list.items.enumerated().map { "\($0 + 1)\t\($1.id)\t\($1.score)" }.joined(separator: "\n"))
        } else {
            var lines: [String] = []
            for (id, list) in zip(ids, lists) {
                lines += list.items.enumerated().map { "\(id)\t\($0 + 1)\t\($1.id)\t\($1.score)" }
            }
            Console.out(lines.joined(separator: "\n"))
            let unknown = lists.filter { !$0.knownUser }.count
            if unknown > 0 { Console.error("mass: \(unknown) of \(ids.count) users are unknown to the model: fallback rankings") }
        }
    }

    /// Every user's list, computed in parallel batches (a batch lets the
    /// factor models score several users per pass over the item factors); in
    /// the order of `users`.
    static func recommendations(_ ensemble: Ensemble, users: [String], count: Int) -> [EnsembleRecommendation] {
        let batch = 16
        let results = ResultSlots<EnsembleRecommendation>(count: users.count)
        let batches = (users.count + batch - 1) / batch
        DispatchQueue.concurrentPerform(iterations: batches) { index in
            let start = index * batch, end = min(start + batch, users.count)
            for (offset, list) in ensemble.recommend(users: Array(users[start..<end]), count: count).enumerated() {
                results[start + offset] = list
            }
        }
        return results.values
    }

    private static func json(_ ids: [String], _ lists: [EnsembleRecommendation]) -> String {
        struct Item: Encodable {
            var item: String
            var score: Double
        }
        struct UserList: Encodable {
            var user: String
            var known: Bool
            var items: [Item]
        }
        let encoded = zip(ids, lists).map { id, list in
            UserList(user: id, known: list.knownUser, items: list.items.map { Item(item: $0.id, score: $0.score) })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(encoded)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }
}

/// Slots that parallel workers fill, each its own index.
final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.withLock { slots[index] } }
        set { lock.withLock { slots[index] = newValue } }
    }

    var values: [Value] { lock.withLock { slots.compactMap { $0 } } }
}
