extension SyntheticRatings {
    /// Distinct (user, item) pairs: user by activity weight, item by popularity,
    /// redrawing a pair already taken. After 64 failed draws for one rating the
    /// item is drawn uniformly instead, so very skewed settings still finish.
    static func drawPairs(_ c: SyntheticRatingsConfiguration) -> (users: [Int32], items: [Int32]) {
        var generator = SeededGenerator(seed: c.seed, label: "synthetic.pairs")
        let userPicker = ZipfPicker(count: c.users, exponent: c.userSkew, generator: &generator)
        let itemPicker = ZipfPicker(count: c.items, exponent: c.skew, generator: &generator)
        var taken = Set<UInt64>(minimumCapacity: c.ratings)
        var users = [Int32](), items = [Int32]()
        users.reserveCapacity(c.ratings)
        items.reserveCapacity(c.ratings)
        while users.count < c.ratings {
            var attempts = 0
            while true {
                let user = userPicker.pick(&generator)
                let item = attempts < 64 ? itemPicker.pick(&generator) : generator.nextInt(below: c.items)
                // Only membership is asked of the set, so its hashing order never shows in the output.
                if taken.insert(UInt64(user) << 32 | UInt64(item)).inserted {
                    users.append(Int32(user))
                    items.append(Int32(item))
                    break
                }
                attempts += 1
            }
        }
        return (users, items)
    }
}

/// Draws indices with probability proportional to 1 / rank^exponent, where
/// ranks are a seeded permutation of the indices (so popular ones are spread
/// over the index space rather than being the first ones).
struct ZipfPicker {
    private let cumulative: [Double]
    private let indexAtRank: [Int]

    init(count: Int, exponent: Double, generator: inout SeededGenerator) {
        var running = 0.0
        cumulative = (1...count).map { rank in
            running += 1 / pow(Double(rank), exponent)
            return running
        }
        var ranks = Array(0..<count)
        generator.shuffle(&ranks)
        indexAtRank = ranks
    }

    func pick(_ generator: inout SeededGenerator) -> Int {
        let target = generator.nextUnit() * (cumulative.last ?? 0)
        var low = 0, high = cumulative.count - 1
        while low < high {  // first rank whose cumulative weight exceeds the target
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return indexAtRank[low]
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
