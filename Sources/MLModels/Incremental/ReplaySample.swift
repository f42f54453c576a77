import MLCore

/// Earlier training rows kept for replay during updates: a uniform sample of
/// fixed capacity over every row the model has seen (Vitter's Algorithm R),
/// saved inside the model artifact.
///
/// Unlike MLCore's `ReservoirSampler`, whose generator runs on from its
/// creation, each `add` here draws from a generator seeded by (seed, rows seen
/// so far), so the sample can be saved as plain numbers and resumed later
/// with the same results.
public struct ReplaySample: Sendable, Equatable {
    public let capacity: Int
    /// Rows offered so far.
    public private(set) var seen: Int
    let seed: UInt64
    /// The sampled rows, in the model's dense indices.
    public private(set) var users: [Int32] = []
    public private(set) var items: [Int32] = []
    public private(set) var values: [Float] = []

    public init(capacity: Int, seed: UInt64) {
        precondition(capacity >= 0, "capacity must not be negative")
        self.capacity = capacity
        self.seed = seed
        seen = 0
    }

    init(capacity: Int, seed: UInt64, seen: Int, users: [Int32], items: [Int32], values: [Float]) {
        self.capacity = capacity
        self.seed = seed
        self.seen = seen
        self.users = users
        self.items = items
        self.values = values
    }

    public var count: Int { values.count }

    /// Offers every row of `users`/`items`/`values` (model indices), in order.
    mutating func add(users newUsers: [Int32], items newItems: [Int32], values newValues: [Float]) {
        guard capacity > 0 else {
            seen += newValues.count
            return
        }
        var generator = SeededGenerator(seed: seed ^ UInt64(seen), label: "replay")
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
