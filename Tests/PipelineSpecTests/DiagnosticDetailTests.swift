import PipelineBasics
import PipelineSpec
import Testing

/// Diagnostics that the invalid-fixture corpus cannot hold: warnings on
/// otherwise valid files, and typing of substituted values.
@Suite struct DiagnosticDetailTests {
    static func load(_ text: String, environment: [String: String] = [:]) -> LoadedPipeline {
        PipelineLoader(environment: environment).load(text: text, file: "p.yaml")
    }

    static let searchPipeline = """
        mass: 1
        data:
          ratings:
            synthetic: {users: 50, items: 40, ratings: 500}
        split: {method: holdout, validation: 0.1}
        models:
          svd: {kind: mf}
        search:
          method: random
          objective: {metric: rmse, goal: GOAL}
          space:
            models.svd.lr: loguniform(0.001, 0.05)
        """

    @Test func goalAgainstTheMetricsDirectionWarns() {
        let loaded = Self.load(Self.searchPipeline.replacingOccurrences(of: "GOAL", with: "maximize"))
        #expect(!loaded.hasErrors)
        #expect(loaded.diagnostics.map(\.code) == [.objectiveDirection])
        #expect(loaded.diagnostics.first?.message == "'goal: maximize' for 'rmse', where lower is better")
    }

    @Test func goalAlongTheMetricsDirectionIsSilent() {
        #expect(Self.load(Self.searchPipeline.replacingOccurrences(of: "GOAL", with: "minimize")).diagnostics.isEmpty)
    }

    @Test func quotedWholeEnvironmentReferenceKeepsItsType() throws {
        let loaded = Self.load(
            """
            mass: 1
            data:
              ratings:
                synthetic: {users: 50, items: 40, ratings: 500}
            split: {method: kfold, folds: "${env.FOLDS}"}
            models:
              svd: {kind: mf}
            """, environment: ["FOLDS": "5"])
        #expect(loaded.diagnostics.isEmpty)
        let spec = try #require(loaded.spec)
        #expect(spec.split?.parameters["folds"] == .int(5))
    }

    @Test func shellVariableNamedLikeAParamWarns() {
        let loaded = Self.load(
            """
            mass: 1
            params:
              rows: 10
            stages:
              prepare:
                run: python3 prep.py --rows ${rows} --home ${HOME}
                params: [rows]
            """)
        #expect(loaded.diagnostics.map(\.code) == [.shellVariableNamesParam])
        #expect(loaded.diagnostics.first?.hints == ["did you mean '${params.rows}'?"])
    }

    @Test func expressionErrorsInsideEscapedQuotesPointAtTheValue() {
        let loaded = Self.load(
            #"""
            mass: 1
            data:
              ratings:
                synthetic: {users: 50, items: 40, ratings: 500}
            models:
              knn: {kind: knn}
            search:
              method: random
              objective: rmse
              space:
                models.knn.similarity: "choice(\"cosine\", \"cosine\")"
            """#)
        let positions = loaded.diagnostics.map { "\($0.position.line):\($0.position.column)" }
        #expect(positions == ["11:48"])
    }

    @Test func blockScalarErrorsCountLeadingBlankLines() {
        let loaded = Self.load(
            """
            mass: 1
            stages:
              prepare:
                run: |

                  python3 prep.py --rows ${params.rows}
            """)
        let positions = loaded.diagnostics.map { "\($0.position.line):\($0.position.column)" }
        #expect(positions == ["6:30"])
    }

    @Test func unclosedSingleQuoteIsNamedReadably() {
        let loaded = Self.load("mass: 1\nname: 'first\n")
        #expect(loaded.diagnostics.map(\.message) == ["unclosed \"'\""])
        #expect(loaded.diagnostics.first?.position.column == 7)
    }
}
