import MLCore

/// How many earlier rows an update replays.
public enum ReplayPolicy: Sendable, Hashable {
    /// A reservoir of at most this many rows (Vitter's Algorithm R).
    case rows(Int)
    /// This share (0 < share ≤ 1) of every row seen, each row kept or not by a
    /// coin (a Bernoulli sample): the replay grows with the data, so that an
    /// update keeps revisiting the same fraction of the past however long the
    /// stream has run.
    case share(Double)
}

/// Earlier training rows kept for replay during updates: a uniform sample
/// over every row the model has seen, of fixed capacity or a fixed share
/// (`ReplayPolicy`), saved inside the model artifact. A share's rows are kept
/// grouped by user (`UserGroupedRows`), the order updates visit them in.
///
/// Unlike MLCore's `ReservoirSampler`, whose generator runs on from its
/// creation, each `add` here draws from a generator seeded by (seed, rows seen
/// so far), so the sample can be saved as plain numbers and resumed later
/// with the same results.
public struct ReplaySample: Sendable, Equatable {
    public let policy: ReplayPolicy
    /// Rows offered so far.
    public private(set) var seen: Int
    let seed: UInt64
    /// The sampled rows, in the model's dense indices.
    public private(set) var users: [Int32] = []
    public private(set) var items: [Int32] = []
    public private(set) var values: [Float] = []

    public init(_ policy: ReplayPolicy, seed: UInt64) {
        precondition(policy.isValid, "a replay of a negative count, or of a share outside (0, 1]")
        self.policy = policy
        self.seed = seed
        seen = 0
    }

    public init(capacity: Int, seed: UInt64) { self.init(.rows(capacity), seed: seed) }

    init(policy: ReplayPolicy, seed: UInt64, seen: Int, users: [Int32], items: [Int32], values: [Float]) {
        self.policy = policy
        self.seed = seed
        self.seen = seen
        self.users = users
        self.items = items
        self.values = values
    }

    public var count: Int { values.count }

    /// The most rows the sample holds: unbounded for a share.
    public var capacity: Int {
        switch policy {
        case .rows(let rows): rows
        case .share: .max
        }
    }

    /// Offers every row of `users`/`items`/`values` (model indices), in order.
    mutating func add(users newUsers: [Int32], items newItems: [Int32], values newValues: [Float]) {
        guard capacity > 0 else {
            seen += newValues.count
            return
        }
        var generator = SeededGenerator(seed: seed ^ UInt64(seen), label: "replay")
        if case .share = policy {
            add(UserGroupedRows(grouping: newUsers, items: newItems, values: newValues))
            return
        }
        for row in newValues.indices {
            seen += 1
            if values.count < capacity {
                users.append(newUsers[row])
                items.append(newItems[row])
                values.append(newValues[row])
                continue
            }
            let slot = generator.nextInt(below: seen)
            if slot < capacity {
                users[slot] = newUsers[row]
                items[slot] = newItems[row]
                values[slot] = newValues[row]
            }
        }
    }
}

extension ReplaySample {
    /// Offers rows already grouped by user, in that order, to a share: each is
    /// kept or not by a coin, and those kept are merged in, so the sample stays
    /// grouped (`UserGroupedRows`), the order updates visit it in.
    mutating func add(_ rows: UserGroupedRows) {
        guard case .share(let share) = policy else {
            add(users: rows.users, items: rows.items, values: rows.values)
            return
        }
        var kept = rows
        if share < 1 {
            var generator = SeededGenerator(seed: seed ^ UInt64(seen), label: "replay")
            kept = UserGroupedRows()
            for row in 0..<rows.count where generator.nextUnit() < share {
                kept.users.append(rows.users[row])
                kept.items.append(rows.items[row])
                kept.values.append(rows.values[row])
            }
        }
        let merged = UserGroupedRows(users: users, items: items, values: values).merged(with: kept)
        (users, items, values) = (merged.users, merged.items, merged.values)
        seen += rows.count
    }
}

extension ReplayPolicy {
    /// A count of 0 or more, or a share in (0, 1].
    public var isValid: Bool {
        switch self {
        case .rows(let rows): rows >= 0
        case .share(let share): share > 0 && share <= 1
        }
    }
}
