/// What building a model needs besides its parameters: where a `command`
/// model keeps its work files and which folder it runs in.
public struct ModelContext: Sendable {
    public var workRoot: String
    public var workingDirectory: String

    public init(workRoot: String, workingDirectory: String) {
        self.workRoot = workRoot
        self.workingDirectory = workingDirectory
    }
}
