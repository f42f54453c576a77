import PipelineBasics
import PipelineSpec
import Testing

/// `${params.X}` and `${env.X}` substitution, shell variables left alone, and
/// the `-p` / `--params` overrides.
@Suite struct InterpolationTests {
    static let environment = ["MASS_DATA": "data/ratings.csv", "MASS_FACTORS": "48"]

    static func load(_ text: String, overrides: ParameterOverrides = ParameterOverrides()) -> LoadedPipeline {
        PipelineLoader(environment: environment).load(text: text, file: "p.yaml", overrides: overrides)
    }

    static func rendered(_ loaded: LoadedPipeline) -> String {
        DiagnosticRenderer(sources: loaded.sources).render(loaded.diagnostics)
    }

    /// A small valid pipeline with `params` and `mf` settings to fill in.
    static func pipeline(params: String, svd: String, extra: String = "") -> String {
        """
        mass: 1
        params:
        \(params)
        data:
          ratings:
            synthetic: {users: 50, items: 40, ratings: 500}
        split: {method: kfold, folds: 3}
        models:
          svd: {kind: mf, \(svd)}
        \(extra)
        """
    }

    static func clean(_ loaded: LoadedPipeline, sourceLocation: SourceLocation = #_sourceLocation) throws -> PipelineSpec {
        #expect(loaded.diagnostics.isEmpty, "\(rendered(loaded))", sourceLocation: sourceLocation)
        return try #require(loaded.spec, sourceLocation: sourceLocation)
    }

    static func svdParameter(_ spec: PipelineSpec, _ name: String) -> ParameterValue? {
        spec.model(named: "svd")?.parameters.written[name]?.value
    }

    // MARK: ${params.X}

    @Test func wholeScalarKeepsTheParamsType() throws {
        let spec = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  factors: 64\n  lr: 0.01\n  biased: false",
                    svd: #"factors: "${params.factors}", lr: "${params.lr}", biased: "${params.biased}""#)))
        #expect(Self.svdParameter(spec, "factors") == .int(64))
        #expect(Self.svdParameter(spec, "lr") == .double(0.01))
        #expect(Self.svdParameter(spec, "biased") == .bool(false))
    }

    @Test func unquotedReferenceWorksToo() throws {
        // In block style `${...}` is plain YAML text, so the quotes are optional.
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                params:
                  factors: 64
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd:
                    kind: mf
                    factors: ${params.factors}
                """))
        #expect(Self.svdParameter(spec, "factors") == .int(64))
    }

    @Test func quotedParamStaysAString() throws {
        let loaded = Self.load(Self.pipeline(params: #"  factors: "64""#, svd: #"factors: "${params.factors}""#))
        #expect(loaded.hasErrors, "a quoted \"64\" is a string, not an integer")
        let error = try #require(loaded.diagnostics.first { $0.severity == .error })
        #expect(error.message == "'factors' in model 'svd' must be an integer, found a string '64'")
        #expect(error.notes == ["the value comes from params.factors (p.yaml:3:12)"])
        // The error points where the value is used.
        #expect(error.position.line == 9)
    }

    @Test func referenceInsideTextIsSpliced() throws {
        let spec = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  name: ml\n  version: 2", svd: "factors: 8",
                    extra: "report: {json: \"out/${params.name}-v${params.version}.json\"}")))
        #expect(spec.report?.json?.value == "out/ml-v2.json")
    }

    @Test func paramsCanBeListsWhenUsedWhole() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                params:
                  metrics: [rmse, mae]
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd: {kind: mf}
                evaluate:
                  metrics: ${params.metrics}
                """))
        #expect(spec.evaluate?.metrics.map(\.value.description) == ["rmse", "mae"])
        #expect(spec.params.first?.value.value == .list([.string("rmse"), .string("mae")]))
    }

    @Test func paramDeclarationsAreTyped() throws {
        let spec = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  factors: 64\n  lr: 0.01\n  tag: fast\n  on: true",
                    svd: #"factors: "${params.factors}", lr: "${params.lr}""#,
                    extra: "report: {json: \"out/${params.tag}-${params.on}.json\"}")))
        let byName = Dictionary(uniqueKeysWithValues: spec.params.map { ($0.name.value, $0.value.value) })
        #expect(byName == ["factors": .int(64), "lr": .double(0.01), "tag": .string("fast"), "on": .bool(true)])
        #expect(spec.report?.json?.value == "out/fast-true.json")
    }

    // MARK: ${env.X}

    @Test func environmentComesFromTheInjectedEnvironment() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                data:
                  ratings:
                    path: ${env.MASS_DATA}
                    columns: {user: 0, item: 1, rating: 2}
                models:
                  svd: {kind: mf}
                """))
        guard case .file(let file)? = spec.data.first?.origin else {
            Issue.record("expected a file source")
            return
        }
        #expect(file.path.value == "data/ratings.csv")
        #expect(file.path.position.line == 4)
    }

    @Test func environmentValueIsReadAsYAML() throws {
        // An unquoted whole-scalar ${env.X} takes the type of its text, like a -p value.
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  svd:
                    kind: mf
                    factors: ${env.MASS_FACTORS}
                """))
        #expect(Self.svdParameter(spec, "factors") == .int(48))
    }

    @Test func paramsMayUseTheEnvironment() throws {
        let spec = try Self.clean(
            Self.load(Self.pipeline(params: "  factors: ${env.MASS_FACTORS}", svd: #"factors: "${params.factors}""#)))
        #expect(Self.svdParameter(spec, "factors") == .int(48))
    }

    @Test func undefinedEnvironmentVariableIsAnErrorAtItsColumn() throws {
        let loaded = Self.load(Self.pipeline(params: "  f: 1", svd: #"factors: "${params.f}", lr: "${env.MASS_LR}""#))
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(Self.rendered(loaded))")
        let error = try #require(errors.first)
        #expect(error.code == .undefinedEnv)
        #expect(error.position.line == 9)
        #expect(error.position.column == 48)
        #expect(!loaded.sources.isEmpty)
    }

    @Test func theProcessEnvironmentIsNotConsulted() {
        // PATH is set in any process environment, but the loader reads only the injected one.
        let loaded = Self.load(
            Self.pipeline(
                params: "  f: 1", svd: #"factors: "${params.f}""#,
                extra: "report: {json: \"${env.PATH}\"}"))
        #expect(loaded.diagnostics.map(\.code) == [.undefinedEnv])
    }

    // MARK: Shell variables

    @Test func shellVariablesInRunAreLeftAlone() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                params:
                  rows: 1000
                stages:
                  prepare:
                    run: python3 prep.py --home ${HOME} --rows ${params.rows} --out $OUT/${USER}.csv
                    outs: [data/clean.csv]
                """))
        #expect(spec.stages.first?.run.value == "python3 prep.py --home ${HOME} --rows 1000 --out $OUT/${USER}.csv")
    }

    // MARK: Interpolation into shell commands

    /// An environment variable spliced into `run:` could change the command, and
    /// its value would be written to the committed lock file: refused, with the way to do it.
    @Test func environmentReferenceInRunIsRefusedWithTheWayToDoIt() throws {
        let loaded = PipelineLoader(environment: ["TOKEN": "hello; touch PWNED"]).load(
            text: """
                mass: 1
                stages:
                  fetch:
                    run: curl -o data.csv "https://example.org/?token=${env.TOKEN}"
                    outs: [data.csv]
                """, file: "p.yaml")
        #expect(loaded.spec == nil)
        #expect(
            Self.rendered(loaded) == """
                p.yaml:4:55: error: ${env.TOKEN} cannot be spliced into a shell command: its value could change the command, and it would be written to the lock file
                    run: curl -o data.csv "https://example.org/?token=${env.TOKEN}"
                                                                      ^
                hint: write $TOKEN in the command instead: the command inherits the environment mass runs in
                hint: to run the stage again when TOKEN changes, also add it to the stage's env, as in env: {TOKEN: "${env.TOKEN}"} (the value is then recorded in the lock file)
                1 error generated.
                """)
    }

    @Test func environmentReferenceInACommandModelIsRefused() throws {
        let loaded = PipelineLoader(environment: ["CACHE": "/tmp"]).load(
            text: """
                mass: 1
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  gbm: {kind: command, run: "python3 gbm.py {train} {predict} {out} --cache ${env.CACHE}"}
                """, file: "p.yaml")
        #expect(loaded.spec == nil)
        #expect(loaded.diagnostics.first?.message.hasPrefix("${env.CACHE} cannot be spliced into a shell command") == true)
        #expect(loaded.diagnostics.first?.position.line == 6)
    }

    /// A parameter's value (from the file or from -p) becomes one shell word
    /// wherever it stands: bare, in double quotes or in single quotes.
    @Test(arguments: [
        (#"echo ${params.v} > out.txt"#, #"1; touch PWNED"#, #"echo '1; touch PWNED' > out.txt"#),
        (#"echo ${params.v} > out.txt"#, #"it's"#, #"echo 'it'\''s' > out.txt"#),
        (#"echo --rows=${params.v}"#, #"1000"#, #"echo --rows=1000"#),
        (#"echo "rows: ${params.v}""#, #"a"b$(touch PWNED)`x`\"#, #"echo "rows: a\"b\$(touch PWNED)\`x\`\\""#),
        (#"echo 'rows: ${params.v}'"#, #"x'; touch PWNED; '"#, #"echo 'rows: x'\''; touch PWNED; '\'''"#),
        (#"echo \'${params.v}"#, #"a b"#, #"echo \''a b'"#),
    ])
    func parameterInRunIsOneShellWord(run: String, value: String, expected: String) throws {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "v=\(value)")
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                params:
                  v: x
                stages:
                  s:
                    run: '\(run.replacingOccurrences(of: "'", with: "''"))'
                    params: [v]
                """, overrides: overrides))
        #expect(spec.stages.first?.run.value == expected)
    }

    @Test func commandModelPlaceholdersAreLeftAlone() throws {
        let spec = try Self.clean(
            Self.load(
                """
                mass: 1
                data:
                  ratings:
                    synthetic: {users: 50, items: 40, ratings: 500}
                models:
                  gbm:
                    kind: command
                    run: python3 gbm.py --train {train} --predict {predict} --out {out} --cache ${XDG_CACHE_HOME}
                """))
        #expect(
            spec.model(named: "gbm")?.parameters["run"]?.stringValue
                == "python3 gbm.py --train {train} --predict {predict} --out {out} --cache ${XDG_CACHE_HOME}")
    }

    // MARK: -p overrides

    @Test func dashPValueIsTyped() throws {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "factors=128")
        overrides.add(assignment: "lr=0.02")
        let spec = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  factors: 64\n  lr: 0.01", svd: #"factors: "${params.factors}", lr: "${params.lr}""#),
                overrides: overrides))
        #expect(Self.svdParameter(spec, "factors") == .int(128))
        #expect(Self.svdParameter(spec, "lr") == .double(0.02))
        #expect(spec.params.map(\.value.value) == [.int(128), .double(0.02)])
    }

    @Test func dashPSplicesIntoText() throws {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "tag=nightly")
        let spec = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  tag: dev", svd: "factors: 8", extra: "report: {json: \"out/${params.tag}.json\"}"),
                overrides: overrides))
        #expect(spec.report?.json?.value == "out/nightly.json")
    }

    @Test func dashPValueOfTheWrongTypeNamesTheFlag() throws {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "factors=many")
        let loaded = Self.load(
            Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides)
        let error = try #require(loaded.diagnostics.first { $0.severity == .error })
        #expect(error.message == "'factors' in model 'svd' must be an integer, found a string 'many'")
        #expect(error.notes == ["the value comes from params.factors (-p factors=many)"])
        #expect(error.position.line == 9)
    }

    @Test func dashPForAnUndeclaredParamIsAnError() throws {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "factor=128")
        let loaded = Self.load(
            Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides)
        let error = try #require(loaded.diagnostics.first { $0.severity == .error })
        #expect(error.code == .undefinedParam)
        #expect(error.hints == ["did you mean 'factors'?"])
        #expect(!error.position.isKnown)
        #expect(error.position.file == "-p factor=128")
    }

    @Test func dashPWithoutEqualsIsAnError() {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "factors")
        #expect(overrides.diagnostics.map(\.code) == [.invalidOverride])
        let loaded = Self.load(
            Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides)
        #expect(loaded.hasErrors)
    }

    @Test func laterDashPWins() throws {
        var overrides = ParameterOverrides()
        overrides.add(assignment: "factors=16")
        overrides.add(assignment: "factors=32")
        let spec = try Self.clean(
            Self.load(Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides))
        #expect(Self.svdParameter(spec, "factors") == .int(32))
    }

    // MARK: --params files

    @Test func paramsFileOverridesWithTypes() throws {
        var overrides = ParameterOverrides()
        overrides.add(file: "tuned.yaml", text: "factors: 200\nlr: 0.003\n")
        let spec = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  factors: 64\n  lr: 0.01", svd: #"factors: "${params.factors}", lr: "${params.lr}""#),
                overrides: overrides))
        #expect(Self.svdParameter(spec, "factors") == .int(200))
        #expect(Self.svdParameter(spec, "lr") == .double(0.003))
    }

    @Test func dashPBeatsAParamsFileGivenBefore() throws {
        var overrides = ParameterOverrides()
        overrides.add(file: "tuned.yaml", text: "factors: 200\n")
        overrides.add(assignment: "factors=16")
        let spec = try Self.clean(
            Self.load(Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides))
        #expect(Self.svdParameter(spec, "factors") == .int(16))
    }

    @Test func paramsFileErrorsPointIntoThatFile() throws {
        var overrides = ParameterOverrides()
        overrides.add(file: "tuned.yaml", text: "# tuned on 2026-11-01\nfactors: lots\n")
        let loaded = Self.load(
            Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides)
        let error = try #require(loaded.diagnostics.first { $0.severity == .error })
        #expect(error.notes == ["the value comes from params.factors (--params tuned.yaml (tuned.yaml:2:10))"])
        #expect(loaded.sources["tuned.yaml"] != nil)
    }

    @Test func paramsFileWithAnUnknownNameIsReportedInThatFile() throws {
        var overrides = ParameterOverrides()
        overrides.add(file: "tuned.yaml", text: "factors: 200\nfactorz: 10\n")
        let loaded = Self.load(
            Self.pipeline(params: "  factors: 64", svd: #"factors: "${params.factors}""#), overrides: overrides)
        let error = try #require(loaded.diagnostics.first { $0.severity == .error })
        #expect(error.code == .undefinedParam)
        #expect(error.position == SourcePosition(file: "tuned.yaml", line: 2, column: 1))
        #expect(error.hints == ["did you mean 'factors'?"])
    }

    @Test func paramsFileThatIsNotAMapping() {
        var overrides = ParameterOverrides()
        overrides.add(file: "tuned.yaml", text: "- factors\n- 200\n")
        #expect(overrides.diagnostics.map(\.code) == [.wrongType])
    }

    // MARK: Unused params

    @Test func unusedParamIsAWarning() throws {
        let loaded = Self.load(Self.pipeline(params: "  factors: 64\n  epochs: 30", svd: #"factors: "${params.factors}""#))
        #expect(!loaded.hasErrors, "\(Self.rendered(loaded))")
        #expect(loaded.spec != nil)
        let warning = try #require(loaded.diagnostics.first)
        #expect(loaded.diagnostics.count == 1)
        #expect(warning.severity == .warning)
        #expect(warning.code == .unusedParam)
        #expect(warning.message == "parameter 'epochs' is never used")
        #expect(warning.position == SourcePosition(file: "p.yaml", line: 4, column: 3))
    }

    @Test func paramListedByAStageIsUsed() throws {
        _ = try Self.clean(
            Self.load(
                """
                mass: 1
                params:
                  rows: 1000
                stages:
                  prepare:
                    run: python3 prep.py
                    params: [rows]
                    outs: [data/clean.csv]
                """))
    }

    @Test func paramUsedOnlyInsideTextIsUsed() throws {
        _ = try Self.clean(
            Self.load(
                Self.pipeline(
                    params: "  tag: dev", svd: "factors: 8",
                    extra: "report: {json: \"out/${params.tag}.json\"}")))
    }
}
