/// What changed in the server, for whoever watches it (tests wait on these rather than on the clock).
public enum ServerNotification: Sendable, Equatable {
    /// A replaced model file was loaded; its load number.
    case reloaded(loads: Int)
    /// A replaced model file was refused; the old model keeps serving.
    case reloadFailed(message: String)
    /// A batch of events was learned; the events learned since the file was loaded.
    case learned(eventsLearned: Int)
    /// The learned model was written to the model file.
    case snapshotWritten(eventsLearned: Int)
}
