/// The parameters of one configured kind: the values the file wrote, read
/// against the kind's descriptor, with defaults for the rest.
public struct ParameterSet: Hashable, Sendable {
    public var descriptor: KindDescriptor
    /// Values written in the file (or reached by interpolation), by parameter name.
    public var written: [String: Located<ParameterValue>]

    public init(descriptor: KindDescriptor, written: [String: Located<ParameterValue>] = [:]) {
        self.descriptor = descriptor
        self.written = written
    }

    /// The written value, else the declared default. Builders read typed
    /// values through `value(_:)` with the kind's declared parameters instead.
    public subscript(name: String) -> ParameterValue? {
        written[name]?.value ?? descriptor.parameter(named: name)?.defaultValue
    }

    /// Every parameter with its effective value, in declaration order.
    public var effectiveValues: [(name: String, value: ParameterValue)] {
        descriptor.parameters.compactMap { parameter in self[parameter.name].map { (parameter.name, $0) } }
    }
}

/// A section that names a kind (`kind: mf`, `method: kfold`) plus its parameters.
public struct KindConfiguration: Hashable, Sendable {
    public var kind: Located<String>
    public var parameters: ParameterSet

    public init(kind: Located<String>, parameters: ParameterSet) {
        self.kind = kind
        self.parameters = parameters
    }

    /// The parameters the file wrote.
    public var writtenKeys: Set<String> { Set(parameters.written.keys) }
}
