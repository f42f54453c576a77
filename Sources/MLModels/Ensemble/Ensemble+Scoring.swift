import MLCore

extension Ensemble {
    /// Member `member`'s prediction of every ensemble item for each of `users`
    /// (ensemble indices, -1 unknown), row-major `users.count × items` into
    /// `scores`: each model scores all its own items once per user, and the
    /// values are mapped through its item table; items it never saw take its
    /// fallback. Equals `memberPrediction` pair by pair (same sum, same order).
    /// With `ranking`, each model gives its ranking scores instead
    /// (`LoadedModel.rankAllItems`: popularity's training counts).
    func memberScores(
        _ member: Int, users: [Int32], into scores: inout [Double], scratch: inout [Double], ranking: Bool = false
    ) {
        let itemCount = identifiers.items.count
        resize(&scores, to: users.count * itemCount)
        let models = members[member].models
        for (position, model) in models.enumerated() {
            let modelUsers = users.map { $0 >= 0 ? memberUsers[member][position][Int($0)] : -1 }
            let modelItemCount = model.identifiers.items.count
            if ranking {
                model.rankAllItems(users: modelUsers, itemCount: modelItemCount, into: &scratch)
            } else {
                model.scoreAllItems(users: modelUsers, itemCount: modelItemCount, into: &scratch)
            }
            for (row, modelUser) in modelUsers.enumerated() {
                let unseen =
                    ranking ? model.rankingScore(user: modelUser, item: -1) : model.predict(user: modelUser, item: -1).value
                Self.add(
                    scratch[(row * modelItemCount)..<((row + 1) * modelItemCount)], through: memberItems[member][position],
                    unseen: unseen, to: &scores[(row * itemCount)..<((row + 1) * itemCount)], first: position == 0)
            }
        }
        if models.count > 1 {
            let divisor = Double(models.count)
            for index in scores.indices { scores[index] /= divisor }
        }
    }

    /// One model's row mapped to the ensemble's items through `table`
    /// (unseen items take `unseen`), added to `row`: the first model's value
    /// as is, as `memberPrediction` adds it to zero.
    private static func add(
        _ modelRow: ArraySlice<Double>, through table: [Int32], unseen: Double, to row: inout ArraySlice<Double>,
        first: Bool
    ) {
        // Per request and member once over the catalogue: no bounds checks in the loop.
        modelRow.withUnsafeBufferPointer { model in
            table.withUnsafeBufferPointer { table in
                row.withUnsafeMutableBufferPointer { row in
                    for item in row.indices {
                        let modelItem = Int(table[item])
                        let value = modelItem >= 0 && modelItem < model.count ? model[modelItem] : unseen
                        row[item] = first ? 0 + value : row[item] + value
                    }
                }
            }
        }
    }

    /// The combined prediction of every item for each of `users` (ensemble
    /// indices, -1 unknown), row-major `users.count × items` into `scores`:
    /// each member scores the whole batch at once, then the combiner joins
    /// them item by item at `latestTime`.
    /// Builds what every member's first all-item scoring would build.
    public func prepareForScoring() {
        for member in members { for model in member.models { model.prepareForScoring() } }
    }

    public func scoreAllItems(users: [Int32], into scores: inout [Double]) {
        _ = combinedScores(users: users, into: &scores)
    }

    /// One member's own ranking scores of every item for each of `users`
    /// (its predictions, or what it ranks by instead: popularity's counts),
    /// row-major `users.count × items`: how a model alone ranks the catalogue.
    public func memberRankingScores(_ member: Int, users: [Int32], into scores: inout [Double]) {
        var scratch: [Double] = []
        memberScores(member, users: users, into: &scores, scratch: &scratch, ranking: true)
    }

    /// `scoreAllItems`, returning each member's seconds per user.
    private func combinedScores(users: [Int32], into scores: inout [Double]) -> [Double] {
        let itemCount = identifiers.items.count
        var seconds = [Double](repeating: 0, count: members.count)
        var memberRows: [[Double]] = []
        memberRows.reserveCapacity(members.count)
        var scratch: [Double] = []
        let clock = ContinuousClock()
        for member in members.indices {
            let started = clock.now
            var rows: [Double] = []
            memberScores(member, users: users, into: &rows, scratch: &scratch)
            memberRows.append(rows)
            seconds[member] = Self.seconds(started.duration(to: clock.now)) / Double(max(users.count, 1))
        }
        resize(&scores, to: users.count * itemCount)
        let items = (0..<Int32(itemCount)).map { $0 }
        let times = [Double](repeating: latestTime, count: itemCount)
        for (row, user) in users.enumerated() {
            // A batch of one (a served request) hands the members' rows over as they are.
            let columns =
                users.count == 1 ? memberRows : memberRows.map { Array($0[(row * itemCount)..<((row + 1) * itemCount)]) }
            let combined = combiner.apply(
                columns, users: [Int32](repeating: user, count: itemCount), items: items, times: times, scale: scale)
            scores.replaceSubrange((row * itemCount)..<((row + 1) * itemCount), with: combined)
        }
        return seconds
    }

    /// Each user's `count` best items, as `recommend(user:count:)` gives them,
    /// with every member scoring the whole batch at once (the factor models'
    /// blocked kernel pays off from a few users up). Member seconds are shared
    /// evenly among the batch's users.
    public func recommend(users ids: [String], count: Int) -> [EnsembleRecommendation] {
        guard !ids.isEmpty else { return [] }
        let users = ids.map(user)
        let itemCount = identifiers.items.count
        var scores: [Double] = []
        let seconds = combinedScores(users: users, into: &scores)
        return users.enumerated().map { row, user in
            let own = users.count == 1 ? scores : Array(scores[(row * itemCount)..<((row + 1) * itemCount)])
            let best = Self.top(count, of: own, excluding: rated.of(user))
            return EnsembleRecommendation(
                items: best.map { (identifiers.items[Int($0)], own[Int($0)]) }, knownUser: user >= 0,
                memberSeconds: seconds)
        }
    }
}
