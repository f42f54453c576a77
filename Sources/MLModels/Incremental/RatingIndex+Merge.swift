import MLCore

extension RatingIndex {
    /// Every rating of this index followed by `new`'s, in `new`'s (grown) index spaces.
    func merged(with new: RatingSet) -> RatingIndex {
        var users = [Int32](), items = [Int32](), values = [Double]()
        let total = userItems.count + new.count
        users.reserveCapacity(total)
        items.reserveCapacity(total)
        values.reserveCapacity(total)
        for u in 0..<userCount {
            for k in userOffsets[u]..<userOffsets[u + 1] {
                users.append(Int32(u))
                items.append(userItems[k])
                values.append(userValues[k])
            }
        }
        users += new.users
        items += new.items
        values += new.values
        return RatingIndex(
            RatingSet(
                users: users, items: items, values: values, userCount: max(userCount, new.userCount),
                itemCount: max(itemCount, new.itemCount)))
    }
}

/// The distinct values of `indices`, ascending.
func touched(_ indices: [Int32], count: Int) -> [Int] {
    var seen = [Bool](repeating: false, count: count)
    for index in indices { seen[Int(index)] = true }
    return seen.indices.filter { seen[$0] }
}

/// A row-major `old` × `old` matrix copied into the top-left corner of a `new` × `new` one.
func grownMatrix<T>(_ matrix: [T], from old: Int, to new: Int, fill: T) -> [T] {
    guard new > old else { return matrix }
    var grown = [T](repeating: fill, count: new * new)
    for a in 0..<old { grown.replaceSubrange((a * new)..<(a * new + old), with: matrix[(a * old)..<(a * old + old)]) }
    return grown
}
