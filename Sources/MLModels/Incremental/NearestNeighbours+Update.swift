extension NearestNeighbours: IncrementalModel {
    /// The ratings join the model's own and the baseline is refitted on all of
    /// them (linear in the ratings); then the similarity rows of the compared
    /// entities the batch touched (items for item-based) are recomputed, their
    /// pairs are written into the other entities' rows, and every other pair
    /// keeps its similarity. No replay or epochs are needed.
    ///
    /// With rows cut to the largest similarities, an untouched row that loses
    /// a touched pair is not refilled with pairs it dropped earlier: it holds
    /// fewer neighbours until a refit.
    public func update(
        _ fitted: Fitted, with batch: UpdateBatch, replay: ReplaySample, options: UpdateOptions, seed: UInt64
    ) throws -> Fitted {
        let p = parameters
        let index = fitted.index.merged(with: batch.ratings)
        try requireSize(index)
        let biases = try BaselineBiases(index: index, parameters: p.baseline, kind: Self.kind)
        let sides = NeighbourhoodSides(index: index, biases: biases, axis: p.on)
        let n = sides.xCount, limit = neighbourLimit(count: n)
        let rows = PairRowComputation(
            sides: sides, index: index, axis: p.on, similarity: p.similarity, minSupport: p.minSupport,
            shrinkage: p.shrinkage)
        let old = fitted.similarities
        let touchedEntities = touched(p.on == .items ? batch.ratings.items : batch.ratings.users, count: n)
        var isTouched = [Bool](repeating: false, count: n)
        for a in touchedEntities { isTouched[a] = true }

        // The new rows of the touched entities, and the pairs they give the others' rows.
        var fresh = [[(entity: Int32, value: Double)]?](repeating: nil, count: n)
        var patches: [(row: Int, entity: Int32, value: Double)] = []
        var row = PairRow(count: n)
        for a in touchedEntities {
            rows.compute(a, into: &row)
            fresh[a] = row.kept(limit: limit, skipping: a)
            for b in row.touched where b != a && !isTouched[b] && row.similarity[b] != 0 {
                patches.append((b, Int32(a), row.similarity[b]))
            }
        }
        patches.sort { $0.row != $1.row ? $0.row < $1.row : $0.entity < $1.entity }

        var offsets = [Int](repeating: 0, count: n + 1)
        var neighbours: [Int32] = [], values: [Double] = []
        neighbours.reserveCapacity(old.neighbours.count)
        values.reserveCapacity(old.values.count)
        var nextPatch = 0
        for b in 0..<n {
            if let kept = fresh[b] {
                for pair in kept {
                    neighbours.append(pair.entity)
                    values.append(pair.value)
                }
            } else {
                // The old row without its touched pairs, merged with the new ones, cut to the limit.
                var candidates: [(entity: Int32, value: Double)] = []
                if b < old.count {
                    for m in old.offsets[b]..<old.offsets[b + 1] where !isTouched[Int(old.neighbours[m])] {
                        candidates.append((old.neighbours[m], old.values[m]))
                    }
                }
                while nextPatch < patches.count, patches[nextPatch].row == b {
                    candidates.append((patches[nextPatch].entity, patches[nextPatch].value))
                    nextPatch += 1
                }
                for pair in largest(candidates, limit: limit) {
                    neighbours.append(pair.entity)
                    values.append(pair.value)
                }
            }
            offsets[b + 1] = neighbours.count
        }
        return Fitted(
            parameters: p, sides: sides,
            similarities: SimilarityMatrix(count: n, offsets: offsets, neighbours: neighbours, values: values),
            biases: biases, index: index, scale: fitted.scale)
    }
}

/// The `limit` largest pairs (ties to the lower entity), ascending by entity.
private func largest(_ pairs: [(entity: Int32, value: Double)], limit: Int) -> [(entity: Int32, value: Double)] {
    let ordered = pairs.sorted { $0.entity < $1.entity }
    guard ordered.count > limit else { return ordered }
    let strongest = ordered.sorted {
        $0.value != $1.value ? $0.value > $1.value : $0.entity < $1.entity
    }
    return strongest.prefix(limit).sorted { $0.entity < $1.entity }
}
