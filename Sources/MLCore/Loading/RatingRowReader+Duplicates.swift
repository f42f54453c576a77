extension RatingRowReader {
    /// Applies the duplicate policy to repeated (user, item) pairs: fails on
    /// the earliest repeat, or keeps each pair's last row (with the mean of
    /// its values under `mean`). Kept rows stay in file order.
    ///
    /// - Parameter lineNumbers: the 1-based lines of the given rows; asked
    ///   only to name a duplicate in an error.
    /// - Returns: how many rows were dropped.
    /// - Complexity: O(rows + users + items): rows are bucketed by user, and
    ///   items are checked against a per-item stamp of the last user seen.
    mutating func resolveDuplicates(
        policy: DuplicatePolicy, userIDs: [String], itemIDs: [String], lineNumbers: ([Int]) -> [Int]
    ) throws(RatingFileError) -> Int {
        let rowCount = values.count
        var userStarts = [Int](repeating: 0, count: userIDs.count + 1)
        for user in users { userStarts[Int(user) + 1] += 1 }
        for user in userIDs.indices { userStarts[user + 1] += userStarts[user] }
        guard hasRepeatedPair(userStarts: userStarts, itemCount: itemIDs.count) else { return 0 }
        var byUser = [Int32](repeating: 0, count: rowCount)
        var fill = userStarts
        for row in 0..<rowCount {
            let user = Int(users[row])
            byUser[fill[user]] = Int32(row)
            fill[user] += 1
        }

        var stamp = [Int32](repeating: -1, count: itemIDs.count)  // last user seen per item
        var latestRow = [Int32](repeating: 0, count: itemIDs.count)  // that user's latest row of the item
        var duplicates = 0
        var earliestRepeat: (first: Int, again: Int)?
        var dropped: [Bool] = []
        var sums: [Double] = [], counts: [Int32] = []
        for user in userIDs.indices {
            for position in userStarts[user]..<userStarts[user + 1] {
                let row = Int(byUser[position])
                let item = Int(items[row])
                guard stamp[item] == Int32(user) else {
                    stamp[item] = Int32(user)
                    latestRow[item] = Int32(row)
                    continue
                }
                let previous = Int(latestRow[item])
                duplicates += 1
                if policy == .error {
                    // The earliest repeat in the file is always a second occurrence, so `previous` is the first.
                    if earliestRepeat.map({ row < $0.again }) ?? true { earliestRepeat = (previous, row) }
                    continue
                }
                if dropped.isEmpty {
                    dropped = [Bool](repeating: false, count: rowCount)
                    if policy == .mean {
                        sums = values
                        counts = [Int32](repeating: 1, count: rowCount)
                    }
                }
                dropped[previous] = true
                if policy == .mean {
                    sums[row] = sums[previous] + values[row]
                    counts[row] = counts[previous] + 1
                }
                latestRow[item] = Int32(row)
            }
        }
        guard duplicates > 0 else { return 0 }
        if let earliestRepeat {
            let user = userIDs[Int(users[earliestRepeat.again])], item = itemIDs[Int(items[earliestRepeat.again])]
            let found = lineNumbers([earliestRepeat.first, earliestRepeat.again])
            let firstLine = found[0], againLine = found[1]
            var message =
                "duplicate rating for user \"\(user)\" and item \"\(item)\": first on line \(firstLine), again on line \(againLine)"
            if duplicates > 1 { message += "; \(duplicates - 1) more \(duplicates == 2 ? "duplicate" : "duplicates")" }
            throw RatingFileError(
                code: .duplicateRating, message: message, path: path, line: againLine,
                firstLine: firstLine, furtherOccurrences: duplicates - 1)
        }
        compact(keeping: dropped, sums: sums, counts: counts)
        return duplicates
    }

    /// Whether any (user, item) pair repeats. The common case, clean data,
    /// needs only this check: it scatters item indices (not rows) by user,
    /// so the check reads them back in order instead of chasing rows.
    private func hasRepeatedPair(userStarts: [Int], itemCount: Int) -> Bool {
        var itemsByUser = [Int32](repeating: 0, count: values.count)
        var fill = userStarts
        for row in 0..<values.count {
            let user = Int(users[row])
            itemsByUser[fill[user]] = items[row]
            fill[user] += 1
        }
        var stamp = [Int32](repeating: -1, count: itemCount)  // last user seen per item
        for user in 0..<(userStarts.count - 1) {
            for position in userStarts[user]..<userStarts[user + 1] {
                let item = Int(itemsByUser[position])
                if stamp[item] == Int32(user) { return true }
                stamp[item] = Int32(user)
            }
        }
        return false
    }

    /// Removes dropped rows in place, writing means where pairs were merged.
    private mutating func compact(keeping dropped: [Bool], sums: [Double], counts: [Int32]) {
        var kept = 0
        for row in 0..<values.count where !dropped[row] {
            users[kept] = users[row]
            items[kept] = items[row]
            values[kept] = counts.isEmpty || counts[row] == 1 ? values[row] : sums[row] / Double(counts[row])
            if !times.isEmpty { times[kept] = times[row] }
            if !groups.isEmpty { groups[kept] = groups[row] }
            kept += 1
        }
        users.removeLast(users.count - kept)
        items.removeLast(items.count - kept)
        values.removeLast(values.count - kept)
        if !times.isEmpty { times.removeLast(times.count - kept) }
        if !groups.isEmpty { groups.removeLast(groups.count - kept) }
    }
}
