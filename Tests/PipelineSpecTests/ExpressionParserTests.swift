import PipelineBasics
import PipelineSpec
import Testing

/// Search-space expressions, read through small pipelines so that each form is
/// checked the way users write it: as a YAML value under `search.space`.
@Suite struct ExpressionParserTests {
    /// A valid pipeline whose search space is the given lines (indented under `space:`).
    static func pipeline(space lines: [String], method: String = "random") -> String {
        """
        mass: 1
        data:
          ratings:
            synthetic: {users: 50, items: 40, ratings: 500}
        split: {method: kfold, folds: 3, validation: 0.1}
        models:
          svd: {kind: mf}
          knn: {kind: knn}
        combine: {method: stacking}
        search:
          method: \(method)
          objective: rmse
          space:
        \(lines.map { "    " + $0 }.joined(separator: "\n"))

        """
    }

    static func load(space lines: [String], method: String = "random") -> LoadedPipeline {
        PipelineLoader(environment: [:]).load(text: pipeline(space: lines, method: method), file: "space.yaml")
    }

    static func rendered(_ loaded: LoadedPipeline) -> String {
        DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
    }

    /// The distribution of one dimension, requiring a clean load.
    static func distribution(_ line: String, method: String = "random") throws -> Distribution {
        let loaded = load(space: [line], method: method)
        #expect(loaded.diagnostics.isEmpty, "\(line):\n\(rendered(loaded))")
        let space = try #require(loaded.spec?.search?.space)
        try #require(space.count == 1)
        return space[0].distribution.value
    }

    static let validForms: [ValidForm] = [
        ValidForm("models.svd.lr: uniform(0.001, 0.05)", .uniform(low: 0.001, high: 0.05)),
        ValidForm("models.svd.lr: loguniform(0.001, 0.05)", .logUniform(low: 0.001, high: 0.05)),
        ValidForm("models.svd.reg: uniform(0, 1)", .uniform(low: 0, high: 1)),
        ValidForm("models.svd.lr: loguniform(1e-4, 5e-2)", .logUniform(low: 0.0001, high: 0.05)),
        ValidForm("models.svd.lr: loguniform(.001, .05)", .logUniform(low: 0.001, high: 0.05)),
        ValidForm("models.svd.factors: int(16, 256)", .int(low: 16, high: 256, log: false)),
        ValidForm("models.svd.factors: int(16, 256, log)", .int(low: 16, high: 256, log: true)),
        ValidForm("models.svd.factors: int(1, 2, log)", .int(low: 1, high: 2, log: true)),
        ValidForm("models.svd.factors: choice(16, 32, 64)", .choice([.int(16), .int(32), .int(64)])),
        ValidForm("models.svd.lr: choice(0.005, 0.01)", .choice([.double(0.005), .double(0.01)])),
        ValidForm("combine.meta.alpha: choice(0.1, 1, 10)", .choice([.double(0.1), .int(1), .int(10)])),
        ValidForm("models.knn.similarity: choice(cosine, pearson)", .choice([.string("cosine"), .string("pearson")])),
        ValidForm("models.knn.similarity: choice(pearson_baseline)", .choice([.string("pearson_baseline")])),
        ValidForm("models.knn.baseline: choice(true, false)", .choice([.bool(true), .bool(false)])),
        // A YAML list is shorthand for choice(...).
        ValidForm("models.svd.factors: [16, 32, 64]", .choice([.int(16), .int(32), .int(64)])),
        ValidForm(
            "models.knn.similarity: [cosine, pearson_baseline]", .choice([.string("cosine"), .string("pearson_baseline")])),
        ValidForm("models.knn.baseline: [true, false]", .choice([.bool(true), .bool(false)])),
        ValidForm("combine.meta.alpha: [0.1, 1.0, 10.0]", .choice([.double(0.1), .double(1), .double(10)])),
        // Whitespace is free inside the expression.
        ValidForm("models.svd.lr: loguniform( 0.001 ,0.05 )", .logUniform(low: 0.001, high: 0.05)),
        ValidForm("models.svd.factors: int(16,256,log)", .int(low: 16, high: 256, log: true)),
        ValidForm("models.svd.factors: int (16, 256)", .int(low: 16, high: 256, log: false)),
        ValidForm("models.svd.factors: 'int(  16 ,  256 ,  log  )'", .int(low: 16, high: 256, log: true)),
        ValidForm("models.svd.factors: choice(16,32)", .choice([.int(16), .int(32)])),
        // Quoting: the YAML scalar may be quoted, and so may the strings inside it.
        ValidForm("models.svd.lr: \"loguniform(0.001, 0.05)\"", .logUniform(low: 0.001, high: 0.05)),
        ValidForm("models.knn.similarity: 'choice(\"cosine\", \"pearson\")'", .choice([.string("cosine"), .string("pearson")])),
        ValidForm(
            "models.knn.similarity: \"choice('cosine', 'pearson_baseline')\"",
            .choice([.string("cosine"), .string("pearson_baseline")])),
        ValidForm("models.knn.similarity: [\"cosine\", 'pearson']", .choice([.string("cosine"), .string("pearson")])),
        // A bound on the edge of the parameter's range.
        ValidForm("models.svd.reg: uniform(0, 0.5)", .uniform(low: 0, high: 0.5)),
    ]

    @Test(arguments: ExpressionParserTests.validForms)
    func validForm(_ form: ValidForm) throws {
        #expect(try Self.distribution(form.line) == form.expected, "\(form.line)")
    }

    @Test func dimensionsKeepTheirPathsAndOrder() throws {
        let loaded = Self.load(space: [
            "models.svd.factors: int(16, 256, log)",
            "models.svd.lr: loguniform(0.001, 0.05)",
            "combine.meta.alpha: choice(0.1, 1, 10)",
        ])
        #expect(loaded.diagnostics.isEmpty, "\(Self.rendered(loaded))")
        let space = try #require(loaded.spec?.search?.space)
        #expect(space.map(\.path.value) == ["models.svd.factors", "models.svd.lr", "combine.meta.alpha"])
        #expect(space.map(\.path.position.line) == [14, 15, 16])
        #expect(space.map(\.distribution.position.column) == [25, 20, 25])
    }

    @Test func gridSearchTakesFiniteDimensions() throws {
        #expect(try Self.distribution("models.svd.factors: int(16, 64)", method: "grid") == .int(low: 16, high: 64, log: false))
        #expect(try Self.distribution("models.knn.k: [10, 20, 40]", method: "grid") == .choice([.int(10), .int(20), .int(40)]))
    }

    @Test func descriptionsReadBackAsTheSameExpression() throws {
        for form in Self.validForms where !form.line.contains("[") {
            let path = String(form.line.prefix { $0 != ":" })
            let text = "\(path): '\(form.expected.description)'"
            #expect(try Self.distribution(text) == form.expected, "\(text)")
        }
    }

    // Malformed expressions: one error each, at the offending token.

    static let malformed: [MalformedForm] = [
        MalformedForm("models.svd.lr: loguniform(0.001 0.05)", "expected ',' or ')', found number 0.05", 37),
        MalformedForm("models.svd.lr: loguniform(0.001, 0.05", "expected ',' or ')', found the end of the expression", 42),
        MalformedForm("models.svd.lr: loguniform(0.001, 0.05) x", "unexpected 'x' after the expression", 44),
        MalformedForm("models.svd.lr: uniform(0.001)", "uniform takes 2 arguments (low, high), found 1", 20),
        MalformedForm("models.svd.lr: logunifrom(0.001, 0.05)", "unknown search expression 'logunifrom'", 20),
        MalformedForm("models.svd.lr: \"loguniform(0.001 0.05)\"", "expected ',' or ')', found number 0.05", 38),
        MalformedForm(
            "models.svd.factors: int(16, 256, linear)", "the third argument of int can only be 'log', found linear", 38),
        MalformedForm("models.svd.factors: int(16, 256.5)", "high bound of int must be an integer, found 256.5", 33),
        MalformedForm("models.svd.lr: 0.01", "'models.svd.lr' must be a search expression such as loguniform(0.001, 0.1)", 20),
    ]

    @Test(arguments: ExpressionParserTests.malformed)
    func malformedExpression(_ form: MalformedForm) throws {
        let loaded = Self.load(space: [form.line])
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(form.line):\n\(Self.rendered(loaded))")
        let error = try #require(errors.first)
        #expect(error.message == form.message)
        #expect(error.position.line == 14)
        #expect(error.position.column == form.column, "\(Self.rendered(loaded))")
        #expect(loaded.spec == nil)
    }
}

struct ValidForm: Sendable, CustomStringConvertible {
    var line: String
    var expected: Distribution
    init(_ line: String, _ expected: Distribution) {
        self.line = line
        self.expected = expected
    }
    var description: String { line }
}

struct MalformedForm: Sendable, CustomStringConvertible {
    var line: String
    var message: String
    var column: Int
    init(_ line: String, _ message: String, _ column: Int) {
        self.line = line
        self.message = message
        self.column = column
    }
    var description: String { line }
}
