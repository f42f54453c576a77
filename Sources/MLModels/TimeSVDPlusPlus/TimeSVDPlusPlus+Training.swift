import Foundation
import MLCore

extension TimeSVDPlusPlus {
    /// The learned parameters.
    struct State: Sendable {
        var userBias: [Float]
        var itemBias: [Float]
        /// α_u, the slope of the user's drift.
        var drift: [Float]
        /// b_{u,day}, one per distinct (user, day) of training.
        var dayBias: [Float]
        /// b_{i,bin}, items × bins.
        var binBias: [Float]
        /// p, q and y, rows of `factors`.
        var userFactors: [Float]
        var itemFactors: [Float]
        var implicitFactors: [Float]
        let factors: Int

        init(rows: TimedRows, factors: Int) {
            self.factors = factors
            userBias = [Float](repeating: 0, count: rows.userCount)
            itemBias = [Float](repeating: 0, count: rows.itemCount)
            drift = [Float](repeating: 0, count: rows.userCount)
            dayBias = [Float](repeating: 0, count: rows.days.count)
            binBias = [Float](repeating: 0, count: rows.itemCount * rows.calendar.count)
            userFactors = [Float](repeating: 0, count: rows.userCount * factors)
            itemFactors = [Float](repeating: 0, count: rows.itemCount * factors)
            implicitFactors = [Float](repeating: 0, count: rows.itemCount * factors)
        }

        /// Empty tables of `factors` columns, filled by a decoder.
        init(factors: Int) {
            self.factors = factors
            (userBias, itemBias, drift, dayBias, binBias) = ([], [], [], [], [])
            (userFactors, itemFactors, implicitFactors) = ([], [], [])
        }

        var isFinite: Bool {
            allFinite(userBias) && allFinite(itemBias) && allFinite(drift) && allFinite(dayBias) && allFinite(binBias)
                && allFinite(userFactors) && allFinite(itemFactors) && allFinite(implicitFactors)
        }

        /// One pass, user by user; returns the sum of squared errors before each
        /// update. `scale` multiplies every learning rate (1, or less after a
        /// diverged epoch was run again).
        mutating func epoch(_ rows: TimedRows, parameters p: Parameters, rate scale: Float) -> Double {
            let k = factors, binCount = rows.calendar.count, mean = Float(rows.mean)
            let lr = Float(p.learningRate) * scale, reg = Float(p.reg)
            let lrBias = Float(p.biasLearningRate) * scale, regBias = Float(p.biasReg)
            let lrTime = Float(p.timeLearningRate) * scale, regTime = Float(p.timeReg)
            let lrDrift = Float(p.driftLearningRate) * scale, regDrift = Float(p.driftReg)
            var implicit = [Float](repeating: 0, count: k), gradient = [Float](repeating: 0, count: k)
            var loss = 0.0
            for user in 0..<rows.userCount {
                let range = rows.offsets[user]..<rows.offsets[user + 1]
                guard !range.isEmpty else { continue }
                let norm = 1 / Float(range.count).squareRoot()
                // z = |N(u)|^-½ Σ y_j, held while the user's ratings are visited.
                for f in 0..<k { implicit[f] = 0; gradient[f] = 0 }
                for row in range {
                    let y = Int(rows.items[row]) * k
                    for f in 0..<k { implicit[f] += implicitFactors[y + f] }
                }
                for f in 0..<k { implicit[f] *= norm }
                let pu = user * k
                for row in range {
                    let item = Int(rows.items[row]), qi = item * k
                    let bin = item * binCount + Int(rows.bins[row]), slot = Int(rows.daySlots[row])
                    let deviation = rows.deviations[row]
                    var estimate =
                        mean + userBias[user] + drift[user] * deviation + dayBias[slot] + itemBias[item] + binBias[bin]
                    for f in 0..<k { estimate += itemFactors[qi + f] * (userFactors[pu + f] + implicit[f]) }
                    let error = rows.values[row] - estimate
                    loss += Double(error) * Double(error)
                    userBias[user] += lrBias * (error - regBias * userBias[user])
                    itemBias[item] += lrBias * (error - regBias * itemBias[item])
                    binBias[bin] += lrTime * (error - regTime * binBias[bin])
                    dayBias[slot] += lrTime * (error - regTime * dayBias[slot])
                    drift[user] += lrDrift * (error * deviation - regDrift * drift[user])
                    for f in 0..<k {
                        let pf = userFactors[pu + f], qf = itemFactors[qi + f]
                        userFactors[pu + f] += lr * (error * qf - reg * pf)
                        itemFactors[qi + f] += lr * (error * (pf + implicit[f]) - reg * qf)
                        gradient[f] += error * qf
                    }
                }
                // Each y_j of N(u) takes the user's summed gradient once, and the
                // decay of the |N(u)| per-rating L2 steps it would have taken.
                let decay = pow(1 - lr * reg, Float(range.count))
                for row in range {
                    let y = Int(rows.items[row]) * k
                    for f in 0..<k {
                        implicitFactors[y + f] = decay * implicitFactors[y + f] + lr * norm * gradient[f]
                    }
                }
            }
            return loss
        }
    }
}
