import MLCore

/// One member of an ensemble: a named sub-model, or several whose
/// predictions are averaged (a stack's member fitted on each inner part).
public struct EnsembleMember: Sendable {
    public let name: String
    public let models: [any LoadedModel]

    public init(name: String, models: [any LoadedModel]) {
        self.name = name
        self.models = models
    }
}

/// A trained ensemble that answers (user, item) pairs and recommendations by
/// raw ids: every member predicts, and the combiner makes one answer of them.
public struct Ensemble: Sendable {
    public let members: [EnsembleMember]
    public let combiner: EnsembleCombiner
    /// The raw ids of the ensemble's dense indices (the training data's).
    public let identifiers: ModelIdentifiers
    public let scale: ClosedRange<Double>
    /// What each user rated in the data: never recommended back.
    public let rated: RatedItems
    /// The time that rows without one take (time-varying weights, a stack's `time` feature): the latest in the data.
    public let latestTime: Double

    let userIndex: [String: Int32]
    let itemIndex: [String: Int32]
    /// For each member's model, its own index of each ensemble user and item (-1: unseen).
    let memberUsers: [[[Int32]]]
    let memberItems: [[[Int32]]]

    public init(
        members: [EnsembleMember], combiner: EnsembleCombiner, identifiers: ModelIdentifiers,
        scale: ClosedRange<Double>, rated: RatedItems, latestTime: Double
    ) throws(ModelArtifactError) {
        guard !members.isEmpty, members.allSatisfy({ !$0.models.isEmpty }) else {
            throw ModelArtifactError(.malformed, "an ensemble needs at least one member, each with a model")
        }
        if let count = combiner.memberCount, count != members.count {
            throw ModelArtifactError(
                .malformed, "the combiner reads \(count) members but the ensemble has \(members.count)")
        }
        guard rated.userCount == identifiers.users.count else {
            throw ModelArtifactError(.malformed, "the rated items name \(rated.userCount) users, not \(identifiers.users.count)")
        }
        self.members = members
        self.combiner = combiner
        self.identifiers = identifiers
        self.scale = scale
        self.rated = rated
        self.latestTime = latestTime
        userIndex = Self.positions(identifiers.users)
        itemIndex = Self.positions(identifiers.items)
        memberUsers = members.map { member in member.models.map { $0.identifiers.userIndices(of: identifiers.users) } }
        memberItems = members.map { member in member.models.map { $0.identifiers.itemIndices(of: identifiers.items) } }
    }

    /// The ensemble's dense index of a raw user id, or -1.
    public func user(_ id: String) -> Int32 { userIndex[id] ?? -1 }
    /// The ensemble's dense index of a raw item id, or -1.
    public func item(_ id: String) -> Int32 { itemIndex[id] ?? -1 }

    /// Member `member`'s prediction for ensemble indices; a member of several
    /// models averages them. Unseen ids take each model's fallback.
    func memberPrediction(_ member: Int, user: Int32, item: Int32, time: Double? = nil) -> Double {
        let models = members[member].models
        var sum = 0.0
        for (position, model) in models.enumerated() {
            let modelUser = user >= 0 ? memberUsers[member][position][Int(user)] : -1
            let modelItem = item >= 0 ? memberItems[member][position][Int(item)] : -1
            sum += model.predict(user: modelUser, item: modelItem, time: time).value
        }
        return models.count == 1 ? sum : sum / Double(models.count)
    }

    private static func positions(_ ids: [String]) -> [String: Int32] {
        var positions: [String: Int32] = [:]
        positions.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() { positions[id] = Int32(index) }
        return positions
    }
}
