import MLCore

extension AlternatingLeastSquares: IncrementalModel {
    /// Alternating sweeps that re-solve only the users and items the batch
    /// touched, from their rows among the new ones and the replay sample. As
    /// those rows are a part of what each row learned from, every solve is
    /// pulled toward the row's current solution with a weight of its earlier
    /// rating count, standing in for the ratings not replayed. New users and
    /// items start as at fit time; the global mean stays the fit's.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let kind = Self.kind, p = parameters, width = fitted.width
        let new = batch.ratings
        var generator = SeededGenerator(seed: seed, label: "\(kind).update")
        var state = State(users: fitted.users, items: fitted.items)
        for (side, count) in [(0, new.userCount), (1, new.itemCount)] {
            var rows = side == 0 ? state.users : state.items
            for _ in (rows.count / width)..<count {
                var row = [Double](repeating: 0, count: width)
                for f in 0..<(width - 1) { row[f] = p.initDeviation * generator.nextGaussian() }
                rows += row
            }
            if side == 0 { state.users = rows } else { state.items = rows }
        }
        let rows = updateRows(batch, replay: replay)
        let byUser = groupedByRow(rows.users, members: rows.items, values: rows.values, rowCount: new.userCount)
        let byItem = groupedByRow(rows.items, members: rows.users, values: rows.values, rowCount: new.itemCount)
        let userSide = RowLists(offsets: byUser.offsets, members: byUser.members, values: byUser.values.map { Double($0) })
        let itemSide = RowLists(offsets: byItem.offsets, members: byItem.members, values: byItem.values.map { Double($0) })
        let userPriors = priors(fitted.knownUsers, rowCount: new.userCount, touched: new.users)
        let itemPriors = priors(fitted.knownItems, rowCount: new.itemCount, touched: new.items)
        let hint = "regularization \(p.reg) is likely too small for \(p.factors) factors"
        let runner = EpochRunner(kind: kind, epochs: options.epochs, observer: nil)
        var epochNumber = 0
        let losses = try runner.run(
            state: &state,
            epoch: { state in
                epochNumber += 1
                guard
                    solveRows(
                        &state.users, lists: userSide, fixed: state.items, width: width, mean: fitted.mean,
                        reg: p.reg, threads: p.threads, priors: userPriors),
                    solveRows(
                        &state.items, lists: itemSide, fixed: state.users, width: width, mean: fitted.mean,
                        reg: p.reg, threads: p.threads, priors: itemPriors)
                else {
                    throw ModelError(
                        .diverged, model: kind,
                        "update diverged in epoch \(epochNumber) of \(options.epochs): a least-squares system was singular; \(hint)"
                    )
                }
                return trainingLoss(userSide, users: state.users, items: state.items, width: width, mean: fitted.mean)
            },
            isFinite: { allFinite($0.users) && allFinite($0.items) }, likelyCause: hint, current: { _, _ in fitted })
        return Fitted(
            mean: fitted.mean, width: width, users: state.users, items: state.items,
            knownUsers: fitted.knownUsers.adding(new.users, size: new.userCount),
            knownItems: fitted.knownItems.adding(new.items, size: new.itemCount), epochLosses: losses,
            scale: fitted.scale)
    }

    /// The pull of each row toward its current solution: its earlier rating
    /// count for rows the batch touched; rows it did not touch are not solved
    /// (weight -1 marks them).
    private func priors(_ known: KnownIndices, rowCount: Int, touched rows: [Int32]) -> [Double] {
        var weights = [Double](repeating: -1, count: rowCount)
        for row in rows { weights[Int(row)] = Int(row) < known.counts.count ? Double(known.counts[Int(row)]) : 0 }
        return weights
    }
}
