import MLCore

/// One rating that arrives while an ensemble serves, by raw ids.
public struct EnsembleEvent: Sendable, Equatable {
    public var user: String
    public var item: String
    public var rating: Double

    public init(user: String, item: String, rating: Double) {
        self.user = user
        self.item = item
        self.rating = rating
    }
}

/// A model that can learn from a few new ratings without refitting: every
/// trained model of an incremental kind.
public protocol UpdatableModel: LoadedModel {
    /// This model after one pass over `ratings` (whose dense indices are named
    /// by `userIDs`/`itemIDs`; ids it never saw become new users and items).
    func learned(from ratings: RatingSet, userIDs: [String], itemIDs: [String], options: UpdateOptions) throws
        -> any LoadedModel
}

extension TrainedModel: UpdatableModel where Model: IncrementalModel, Model.Fitted: PointPredictor {
    public func learned(from ratings: RatingSet, userIDs: [String], itemIDs: [String], options: UpdateOptions) throws
        -> any LoadedModel
    {
        try updated(with: ratings, userIDs: userIDs, itemIDs: itemIDs, options: options, replaying: false)
    }
}

/// An ensemble that keeps learning from ratings as they arrive: each batch
/// of events updates every member that can learn (one SGD pass at the
/// update's learning rate; new users and items join as at fit time), then
/// the combiner, whose linear weights follow the members' errors by least
/// squares with forgetting, starting from the exported weights (held there
/// by a prior worth about `halfLife` ratings, so a few events cannot swing
/// them). Each step makes a new `Ensemble`; the old one stays valid for
/// whoever still reads it.
public struct EnsembleLearning: Sendable {
    public private(set) var ensemble: Ensemble
    /// Events learned since the ensemble was loaded (or exported).
    public private(set) var eventsLearned: Int
    /// How members update: one pass, at this learning rate (the kind's own, scaled, when nil).
    public let options: UpdateOptions
    private var weights: OnlineLeastSquares?

    public init(_ ensemble: Ensemble, options: UpdateOptions = UpdateOptions(epochs: 1), halfLife: Double = 1000) {
        self.ensemble = ensemble
        self.options = options
        eventsLearned = 0
        if case .linear(let combination) = ensemble.combiner {
            weights = OnlineLeastSquares(
                members: ensemble.members.count, halfLife: halfLife, prior: halfLife, start: combination.weights,
                intercept: combination.intercept)
        }
    }

    /// The members that learn from events, by name; the others keep what they were exported with.
    public var learningMembers: [String] {
        ensemble.members.filter { member in member.models.allSatisfy { $0 is any UpdatableModel } }.map(\.name)
    }

    /// Learns from `events` in order: the combiner from each event's member
    /// predictions as they stood, then every member that can from the whole batch.
    public mutating func learn(_ events: [EnsembleEvent]) throws {
        guard !events.isEmpty else { return }
        let users = events.map(\.user), items = events.map(\.item)
        var combiner = ensemble.combiner
        if var state = weights {
            let memberCount = ensemble.members.count
            let userIndices = users.map(ensemble.user), itemIndices = items.map(ensemble.item)
            for (index, event) in events.enumerated() {
                let predictions = (0..<memberCount).map {
                    ensemble.memberPrediction($0, user: userIndices[index], item: itemIndices[index])
                }
                state.learn(predictions: predictions, rating: event.rating)
            }
            weights = state
            combiner = .linear(LinearCombination(weights: state.weights, intercept: state.interceptValue))
        }
        // The events as a rating set over their own id tables.
        var userTable: [String: Int32] = [:], itemTable: [String: Int32] = [:]
        var userIDs: [String] = [], itemIDs: [String] = []
        func index(_ id: String, _ table: inout [String: Int32], _ ids: inout [String]) -> Int32 {
            if let known = table[id] { return known }
            table[id] = Int32(ids.count)
            ids.append(id)
            return Int32(ids.count - 1)
        }
        let batchUsers = users.map { index($0, &userTable, &userIDs) }
        let batchItems = items.map { index($0, &itemTable, &itemIDs) }
        let batch = RatingSet(
            users: batchUsers, items: batchItems, values: events.map(\.rating), userCount: userIDs.count,
            itemCount: itemIDs.count)
        let members = try ensemble.members.map { member -> EnsembleMember in
            guard member.models.allSatisfy({ $0 is any UpdatableModel }) else { return member }
            let models = try member.models.map { model -> any LoadedModel in
                guard let updatable = model as? any UpdatableModel else { return model }
                return try updatable.learned(from: batch, userIDs: userIDs, itemIDs: itemIDs, options: options)
            }
            return EnsembleMember(name: member.name, models: models)
        }
        ensemble = try ensemble.replacing(members: members, combiner: combiner, events: events)
        eventsLearned += events.count
    }
}

extension Ensemble {
    /// The same ensemble with new members and combiner, its id tables grown by
    /// the events' new ids and their items added to what each user rated.
    func replacing(members: [EnsembleMember], combiner: EnsembleCombiner, events: [EnsembleEvent]) throws -> Ensemble {
        var identifiers = self.identifiers
        var users = userIndex, items = itemIndex
        var rated: [[Int32]] = (0..<self.rated.userCount).map { Array(self.rated.of(Int32($0))) }
        for event in events {
            let user =
                users[event.user]
                ?? {
                    let index = Int32(identifiers.users.count)
                    identifiers.users.append(event.user)
                    users[event.user] = index
                    rated.append([])
                    return index
                }()
            let item =
                items[event.item]
                ?? {
                    let index = Int32(identifiers.items.count)
                    identifiers.items.append(event.item)
                    items[event.item] = index
                    return index
                }()
            rated[Int(user)].append(item)
        }
        var offsets = [0], list: [Int32] = []
        for items in rated {
            list += Set(items).sorted()
            offsets.append(list.count)
        }
        var support = combiner
        if case .stacking(let model, let features, let counts) = combiner {
            support = .stacking(model, features: features, support: counts.grown(to: identifiers))
        }
        return try Ensemble(
            members: members, combiner: support, identifiers: identifiers, scale: scale,
            rated: RatedItems(offsets: offsets, items: list), latestTime: latestTime)
    }
}

extension TrainingSupport {
    /// The counts with zero for users and items added since.
    func grown(to identifiers: ModelIdentifiers) -> TrainingSupport {
        TrainingSupport(
            userCounts: userCounts + [Int32](repeating: 0, count: max(0, identifiers.users.count - userCounts.count)),
            itemCounts: itemCounts + [Int32](repeating: 0, count: max(0, identifiers.items.count - itemCounts.count)))
    }
}
