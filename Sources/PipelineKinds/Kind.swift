import PipelineSpec

/// One entry of a kind table: the descriptor the validator, `mass schema` and
/// `mass kinds` read, and the builder that turns checked parameters into the
/// object that runs. A kind is runnable exactly when it has an entry.
public struct Kind<Context, Product>: Sendable {
    public let descriptor: KindDescriptor
    private let make: @Sendable (ParameterSet, Context) throws -> Product

    public init(
        _ name: String, _ summary: String, parameters: [any DeclaredParameter] = [], requires requirements: KindRequirements = [],
        exactlyOneOf: [String] = [], atMostOneOf: [String] = [], sections: [String] = [],
        requirementsWhenWritten: [String: KindRequirements] = [:], requirementsUnlessWritten: [String: KindRequirements] = [:],
        build: @escaping @Sendable (ParameterSet, Context) throws -> Product
    ) {
        descriptor = KindDescriptor(
            name, summary, parameters: parameters, requires: requirements, exactlyOneOf: exactlyOneOf, atMostOneOf: atMostOneOf,
            sections: sections, requirementsWhenWritten: requirementsWhenWritten,
            requirementsUnlessWritten: requirementsUnlessWritten)
        make = build
    }

    public var name: String { descriptor.name }

    /// Builds the runnable object from parameters read against this kind's descriptor.
    public func build(_ parameters: ParameterSet, _ context: Context) throws -> Product {
        guard parameters.descriptor.name == descriptor.name else {
            throw KindTableError("parameters of '\(parameters.descriptor.name)' given to kind '\(descriptor.name)'")
        }
        return try make(parameters, context)
    }

    /// Parameters with every value at its default, as a file that writes none of them gives.
    public var defaultParameters: ParameterSet { ParameterSet(descriptor: descriptor) }
}

extension Kind where Context == Void {
    public init(
        _ name: String, _ summary: String, parameters: [any DeclaredParameter] = [], requires requirements: KindRequirements = [],
        exactlyOneOf: [String] = [], build: @escaping @Sendable (ParameterSet) throws -> Product
    ) {
        self.init(name, summary, parameters: parameters, requires: requirements, exactlyOneOf: exactlyOneOf) { parameters, _ in
            try build(parameters)
        }
    }

    public func build(_ parameters: ParameterSet) throws -> Product { try build(parameters, ()) }
}

/// The kinds of one category, in the order docs and messages list them.
public struct KindTable<Context, Product>: Sendable {
    public let entries: [Kind<Context, Product>]

    public init(_ entries: [Kind<Context, Product>]) { self.entries = entries }

    public var descriptors: [KindDescriptor] { entries.map(\.descriptor) }

    /// The entry of a configured kind. The decoder admits only names of the
    /// table, so a miss is a spec that did not come from the decoder.
    public func entry(for configuration: KindConfiguration) throws -> Kind<Context, Product> {
        guard let entry = entries.first(where: { $0.name == configuration.kind.value }) else {
            throw KindTableError("no kind '\(configuration.kind.value)'; known: " + entries.map(\.name).joined(separator: ", "))
        }
        return entry
    }
}

extension KindTable {
    public func build(_ configuration: KindConfiguration, _ context: Context) throws -> Product {
        try entry(for: configuration).build(configuration.parameters, context)
    }
}

extension KindTable where Context == Void {
    public func build(_ configuration: KindConfiguration) throws -> Product {
        try entry(for: configuration).build(configuration.parameters)
    }
}

/// A spec that names a kind the tables do not hold, or parameters of another kind.
public struct KindTableError: Error, CustomStringConvertible {
    public var description: String

    init(_ description: String) { self.description = description }
}
