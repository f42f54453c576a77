/// The tables of a model trained with an optimizer (factor rows, biases,
/// weight matrices) in one flat arena: for each table its values, then its
/// moment slots. One pointer opens every table, and a copy of the arena is a
/// snapshot (a retried epoch goes back to it, moments included).
struct ParameterArena: Sendable {
    struct Table: Sendable {
        let rows: Int
        let width: Int
        /// Where the table's values start in `storage`; slot s follows at `offset + s * count`.
        let offset: Int
        /// Where its gradients start in the gradient scratch.
        let gradientOffset: Int
        /// Its first row's number among all tables' rows.
        let firstRow: Int
        var count: Int { rows * width }
    }

    let tables: [Table]
    let slots: Int
    var storage: [Float]
    /// Updates applied so far (Adam's step count).
    var step = 0

    /// Zero-filled tables of the given shapes, with `slots` moment arrays each.
    init(shapes: [(rows: Int, width: Int)], slots: Int) {
        var tables: [Table] = [], offset = 0, gradientOffset = 0, firstRow = 0
        for shape in shapes {
            let table = Table(
                rows: shape.rows, width: shape.width, offset: offset, gradientOffset: gradientOffset, firstRow: firstRow)
            tables.append(table)
            offset += table.count * (1 + slots)
            gradientOffset += table.count
            firstRow += shape.rows
        }
        self.tables = tables
        self.slots = slots
        // One element at least, so that the storage always has a base address.
        storage = [Float](repeating: 0, count: max(1, offset))
    }

    var gradientCount: Int { tables.last.map { $0.gradientOffset + $0.count } ?? 0 }
    var rowCount: Int { tables.last.map { $0.firstRow + $0.rows } ?? 0 }

    func values(_ table: Int) -> [Float] {
        let t = tables[table]
        return Array(storage[t.offset..<(t.offset + t.count)])
    }

    mutating func setValues(_ table: Int, _ values: [Float]) {
        let t = tables[table]
        precondition(values.count == t.count, "table \(table) holds \(t.count) values")
        storage.replaceSubrange(t.offset..<(t.offset + t.count), with: values)
    }

    var isFinite: Bool { allFinite(storage) }
}

/// The arena's pointers for one kernel, with a gradient scratch and the list
/// of rows touched since the last update, so that a sparse batch updates only
/// its own rows.
struct ArenaHandle {
    let tables: [ParameterArena.Table]
    let values: UnsafeMutablePointer<Float>
    let gradients: UnsafeMutablePointer<Float>
    /// Per row of every table: the batch that last touched it.
    let stamps: UnsafeMutablePointer<Int32>
    /// Touched rows as (table, row), `touchedCount` of them.
    let touchedTables: UnsafeMutablePointer<Int32>
    let touchedRows: UnsafeMutablePointer<Int32>
    var touchedCount = 0
    var batch: Int32 = 1
    let slots: Int

    @inline(__always) func row(_ table: Int, _ row: Int) -> UnsafeMutablePointer<Float> {
        let t = tables[table]
        return values + t.offset + row * t.width
    }

    @inline(__always) func gradient(_ table: Int, _ row: Int) -> UnsafeMutablePointer<Float> {
        let t = tables[table]
        return gradients + t.gradientOffset + row * t.width
    }

    /// Marks a row as touched in this batch (once).
    @inline(__always) mutating func touch(_ table: Int, _ row: Int) {
        let global = tables[table].firstRow + row
        guard stamps[global] != batch else { return }
        stamps[global] = batch
        touchedTables[touchedCount] = Int32(table)
        touchedRows[touchedCount] = Int32(row)
        touchedCount += 1
    }

    /// Applies `rule` to every touched row with its gradient times `scale`,
    /// clears those gradients and starts the next batch.
    @inline(__always) mutating func apply<Rule: UpdateRule>(_ rule: Rule, scale: Float) {
        for k in 0..<touchedCount {
            let table = Int(touchedTables[k]), r = Int(touchedRows[k])
            let t = tables[table]
            let w = values + t.offset + r * t.width
            let g = gradients + t.gradientOffset + r * t.width
            // Rules without moments never read their slots: point them at the values' own row.
            let first = slots >= 1 ? w + t.count : w, second = slots >= 2 ? w + 2 * t.count : w
            rule.update(w, gradients: g, scale: scale, first: first, second: second, count: t.width)
            g.update(repeating: 0, count: t.width)
        }
        touchedCount = 0
        batch &+= 1
    }
}

/// Scratch for `ArenaHandle`: gradients, stamps and the touched list, reused across epochs.
struct ArenaScratch: Sendable {
    var gradients: [Float]
    var stamps: [Int32]
    var touchedTables: [Int32]
    var touchedRows: [Int32]

    init(_ arena: ParameterArena) {
        gradients = [Float](repeating: 0, count: max(1, arena.gradientCount))
        stamps = [Int32](repeating: 0, count: max(1, arena.rowCount))
        touchedTables = [Int32](repeating: 0, count: max(1, arena.rowCount))
        touchedRows = touchedTables
    }

    /// Runs `body` with a handle on `arena`'s pointers; the one place they are opened.
    mutating func withHandle<T>(_ arena: inout ParameterArena, _ body: (inout ArenaHandle) throws -> T) rethrows -> T {
        let tables = arena.tables, slots = arena.slots
        return try arena.storage.withUnsafeMutableBufferPointer { values in
            try gradients.withUnsafeMutableBufferPointer { gradients in
                try stamps.withUnsafeMutableBufferPointer { stamps in
                    try touchedTables.withUnsafeMutableBufferPointer { touchedTables in
                        try touchedRows.withUnsafeMutableBufferPointer { touchedRows in
                            // Every array holds at least one element (see init), so each has a base address.
                            guard let valueBase = values.baseAddress, let gradientBase = gradients.baseAddress,
                                let stampBase = stamps.baseAddress, let tableBase = touchedTables.baseAddress,
                                let rowBase = touchedRows.baseAddress
                            else { preconditionFailure("arena scratch arrays are never empty") }
                            var handle = ArenaHandle(
                                tables: tables, values: valueBase, gradients: gradientBase, stamps: stampBase,
                                touchedTables: tableBase, touchedRows: rowBase, slots: slots)
                            // Stamps persist across epochs: continue numbering batches after the last one.
                            handle.batch = (stamps.max() ?? 0) &+ 1
                            return try body(&handle)
                        }
                    }
                }
            }
        }
    }
}
