import Foundation
import MLCore

/// The training ratings user by user (items ascending within a user), each
/// with what its time says: its item bin, its deviation from the user's
/// mean day, and its slot among the (user, day) biases.
struct TimedRows: Sendable {
    let userCount: Int
    let itemCount: Int
    let mean: Double
    /// User u's rows are `offsets[u] ..< offsets[u + 1]`; the items are also N(u).
    let offsets: [Int]
    let items: [Int32]
    let values: [Float]
    let bins: [Int32]
    let deviations: [Float]
    /// Each row's (user, day) bias: an index into `dayOffsets`' ranges.
    let daySlots: [Int32]
    /// User u's distinct days, ascending, are `days[dayOffsets[u] ..< dayOffsets[u + 1]]`; a slot is a position in `days`.
    let dayOffsets: [Int]
    let days: [Int32]
    let calendar: TimeBins
    /// Each user's mean rating day (t_u) and last rating day.
    let meanDays: [Double]
    let lastDays: [Int32]

    init(_ train: RatingSet, times: [Double], bins binCount: Int, beta: Double) {
        userCount = train.userCount
        itemCount = train.itemCount
        mean = train.values.reduce(0, +) / Double(max(train.count, 1))
        let dayOf = times.map { TimeBins.day(of: $0) }
        calendar = TimeBins(first: dayOf.min() ?? 0, last: dayOf.max() ?? 0, count: binCount)
        let order = (0..<train.count).sorted {
            (train.users[$0], train.items[$0], $0) < (train.users[$1], train.items[$1], $1)
        }
        var offsets = [Int](repeating: 0, count: userCount + 1)
        for user in train.users { offsets[Int(user) + 1] += 1 }
        for user in 0..<userCount { offsets[user + 1] += offsets[user] }
        self.offsets = offsets
        items = order.map { train.items[$0] }
        values = order.map { Float(train.values[$0]) }
        let rowDays = order.map { dayOf[$0] }
        bins = rowDays.map { [calendar] in Int32(calendar.bin(of: $0)) }
        var meanDays = [Double](repeating: 0, count: userCount), lastDays = [Int32](repeating: 0, count: userCount)
        var deviations = [Float](repeating: 0, count: order.count), daySlots = [Int32](repeating: 0, count: order.count)
        var dayOffsets = [0], days: [Int32] = []
        for user in 0..<userCount {
            let range = offsets[user]..<offsets[user + 1]
            guard !range.isEmpty else {
                dayOffsets.append(days.count)
                continue
            }
            let userMean = range.reduce(0.0) { $0 + Double(rowDays[$1]) } / Double(range.count)
            meanDays[user] = userMean
            let distinct = Array(Set(range.map { rowDays[$0] })).sorted()
            lastDays[user] = distinct.last ?? 0
            let base = days.count
            var slotOf: [Int32: Int] = [:]
            for (slot, day) in distinct.enumerated() { slotOf[day] = slot }
            days += distinct
            for row in range {
                deviations[row] = Float(timeDeviation(day: Double(rowDays[row]), meanDay: userMean, beta: beta))
                daySlots[row] = Int32(base + (slotOf[rowDays[row]] ?? 0))
            }
            dayOffsets.append(days.count)
        }
        self.meanDays = meanDays
        self.lastDays = lastDays
        self.deviations = deviations
        self.daySlots = daySlots
        self.dayOffsets = dayOffsets
        self.days = days
    }

    var count: Int { values.count }
}

/// Days since 1970 and the training period cut into equal bins of days.
struct TimeBins: Sendable, Hashable {
    let first: Int32
    let last: Int32
    let count: Int

    /// Days past Int32's range (a time a client sent, say) clamp to its ends rather than trap; NaN is the first.
    static func day(of time: Double) -> Int32 {
        let days = (time / 86_400).rounded(.down)
        guard days > Double(Int32.min) else { return .min }
        guard days < Double(Int32.max) else { return .max }
        return Int32(days)
    }

    /// The bin of a day; days outside the training period go to the nearest end.
    func bin(of day: Int32) -> Int {
        let span = Int(last) - Int(first) + 1
        let offset = min(max(Int(day) - Int(first), 0), span - 1)
        return min(offset * count / span, count - 1)
    }
}
