import MLCore

extension Ensemble {
    /// Member `member`'s prediction of every ensemble item for each of `users`
    /// (ensemble indices, -1 unknown), row-major `users.count × items` into
    /// `scores`: each model scores all its own items once per user, and the
    /// values are mapped through its item table; items it never saw take its
    /// fallback. Equals `memberPrediction` pair by pair (same sum, same order).
    func memberScores(_ member: Int, users: [Int32], into scores: inout [Double], scratch: inout [Double]) {
        let itemCount = identifiers.items.count
        resize(&scores, to: users.count * itemCount)
        let models = members[member].models
        for (position, model) in models.enumerated() {
            let modelUsers = users.map { $0 >= 0 ? memberUsers[member][position][Int($0)] : -1 }
            let modelItemCount = model.identifiers.items.count
            model.scoreAllItems(users: modelUsers, itemCount: modelItemCount, into: &scratch)
            let itemTable = memberItems[member][position]
            for (row, modelUser) in modelUsers.enumerated() {
                let unseen = model.predict(user: modelUser, item: -1).value
                let base = row * itemCount, modelBase = row * modelItemCount
                for item in 0..<itemCount {
                    let modelItem = Int(itemTable[item])
                    let value = modelItem >= 0 && modelItem < modelItemCount ? scratch[modelBase + modelItem] : unseen
                    // The first model's value as is, as `memberPrediction` adds it to zero.
                    scores[base + item] = position == 0 ? 0 + value : scores[base + item] + value
                }
            }
        }
        if models.count > 1 {
            let divisor = Double(models.count)
            for index in scores.indices { scores[index] /= divisor }
        }
    }

    /// Each user's `count` best items, as `recommend(user:count:)` gives them,
    /// with every member scoring the whole batch at once (the factor models'
    /// blocked kernel pays off from a few users up). Member seconds are shared
    /// evenly among the batch's users.
    public func recommend(users ids: [String], count: Int) -> [EnsembleRecommendation] {
        guard !ids.isEmpty else { return [] }
        let users = ids.map(user)
        let itemCount = identifiers.items.count
        var seconds = [Double](repeating: 0, count: members.count)
        var memberRows: [[Double]] = []
        memberRows.reserveCapacity(members.count)
        var scratch: [Double] = []
        let clock = ContinuousClock()
        for member in members.indices {
            let started = clock.now
            var scores: [Double] = []
            memberScores(member, users: users, into: &scores, scratch: &scratch)
            memberRows.append(scores)
            seconds[member] = Self.seconds(started.duration(to: clock.now)) / Double(users.count)
        }
        let items = (0..<Int32(itemCount)).map { $0 }
        let times = [Double](repeating: latestTime, count: itemCount)
        return users.enumerated().map { row, user in
            let columns = memberRows.map { Array($0[(row * itemCount)..<((row + 1) * itemCount)]) }
            let scores = combiner.apply(
                columns, users: [Int32](repeating: user, count: itemCount), items: items, times: times, scale: scale)
            let best = Self.top(count, of: scores, excluding: rated.of(user))
            return EnsembleRecommendation(
                items: best.map { (identifiers.items[Int($0)], scores[Int($0)]) }, knownUser: user >= 0,
                memberSeconds: seconds)
        }
    }
}
