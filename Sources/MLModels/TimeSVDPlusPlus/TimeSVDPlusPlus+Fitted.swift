import MLCore

extension TimeSVDPlusPlus {
    public struct Fitted: TimedPointPredictor {
        let state: State
        let mean: Double
        let beta: Double
        let calendar: TimeBins
        /// Per user: mean and last training day, distinct days (for b_{u,day}), training rating count.
        let meanDays: [Double]
        let lastDays: [Int32]
        let dayOffsets: [Int]
        let days: [Int32]
        let userCounts: [Int32]
        let itemCounts: [Int32]
        /// p_u + |N(u)|^-½ Σ y_j, per user.
        let userVectors: [Float]
        public let scale: ClosedRange<Double>
        public let epochLosses: [Double]
        public internal(set) var trainingReport = TrainingReport()

        init(state: State, rows: TimedRows, beta: Double, scale: ClosedRange<Double>, epochLosses: [Double]) {
            let k = state.factors
            var vectors = state.userFactors, itemCounts = [Int32](repeating: 0, count: rows.itemCount)
            var userCounts = [Int32](repeating: 0, count: rows.userCount)
            for user in 0..<rows.userCount {
                let range = rows.offsets[user]..<rows.offsets[user + 1]
                userCounts[user] = Int32(range.count)
                guard !range.isEmpty else { continue }
                let norm = 1 / Float(range.count).squareRoot()
                for row in range {
                    let item = Int(rows.items[row])
                    itemCounts[item] += 1
                    for f in 0..<k { vectors[user * k + f] += norm * state.implicitFactors[item * k + f] }
                }
            }
            self.init(
                state: state, mean: rows.mean, beta: beta, calendar: rows.calendar, meanDays: rows.meanDays,
                lastDays: rows.lastDays, dayOffsets: rows.dayOffsets, days: rows.days, userCounts: userCounts,
                itemCounts: itemCounts, userVectors: vectors, scale: scale, epochLosses: epochLosses)
        }

        init(
            state: State, mean: Double, beta: Double, calendar: TimeBins, meanDays: [Double], lastDays: [Int32],
            dayOffsets: [Int], days: [Int32], userCounts: [Int32], itemCounts: [Int32], userVectors: [Float],
            scale: ClosedRange<Double>, epochLosses: [Double], trainingReport: TrainingReport = TrainingReport()
        ) {
            self.state = state
            self.mean = mean
            self.beta = beta
            self.calendar = calendar
            self.meanDays = meanDays
            self.lastDays = lastDays
            self.dayOffsets = dayOffsets
            self.days = days
            self.userCounts = userCounts
            self.itemCounts = itemCounts
            self.userVectors = userVectors
            self.scale = scale
            self.epochLosses = epochLosses
            self.trainingReport = trainingReport
        }

        /// The rating at `time`; without one, at the user's last training day.
        public func estimate(user: Int32, item: Int32, time: Double?) -> (value: Double, fallback: PredictionFallback) {
            var fallback: PredictionFallback = []
            let u = Int(user), i = Int(item), k = state.factors
            let userKnown = u >= 0 && u < userCounts.count && userCounts[u] > 0
            let itemKnown = i >= 0 && i < itemCounts.count && itemCounts[i] > 0
            if !userKnown { fallback.insert(.unknownUser) }
            if !itemKnown { fallback.insert(.unknownItem) }
            var value = mean
            let day = time.map(TimeBins.day(of:)) ?? (userKnown ? lastDays[u] : calendar.last)
            if userKnown {
                value += Double(state.userBias[u])
                value += Double(state.drift[u]) * timeDeviation(day: Double(day), meanDay: meanDays[u], beta: beta)
                if let slot = daySlot(user: u, day: day) { value += Double(state.dayBias[slot]) }
            }
            if itemKnown {
                value += Double(state.itemBias[i]) + Double(state.binBias[i * calendar.count + calendar.bin(of: day)])
            }
            if userKnown && itemKnown {
                var dot: Float = 0
                for f in 0..<k { dot += state.itemFactors[i * k + f] * userVectors[u * k + f] }
                value += Double(dot)
            }
            return (value, fallback)
        }

        /// The slot of b_{u,day} when the user rated on that day in training.
        private func daySlot(user: Int, day: Int32) -> Int? {
            var low = dayOffsets[user], high = dayOffsets[user + 1]
            while low < high {
                let middle = (low + high) / 2
                if days[middle] == day { return middle }
                if days[middle] < day { low = middle + 1 } else { high = middle }
            }
            return nil
        }
    }
}
