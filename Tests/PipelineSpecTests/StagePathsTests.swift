import PipelineBasics
import Testing

@testable import PipelineSpec

/// Stage paths are compared after normalization; most are normalized already
/// and skip the work, which must never change the answer.
@Suite struct StagePathsTests {
    @Test(arguments: [
        ("data/x.csv", "data/x.csv"), ("./data/x.csv", "data/x.csv"), ("data//x.csv", "data/x.csv"),
        ("data/../data/x.csv", "data/x.csv"), ("../x", "../x"), ("../../x", "../../x"), ("a/../../x", "../x"),
        ("/abs/./x", "/abs/x"), ("/", "/"), ("", ""), ("out/", "out"), (".", ""), ("/..", "/.."),
    ])
    func normalizes(path: String, expected: String) {
        #expect(StagePaths.normalized(path) == expected)
    }

    /// Every path over a small alphabet of parts: the shortcut agrees with the full computation.
    @Test func shortcutAgreesWithTheFullComputation() {
        let parts = ["a", "b.csv", ".", "..", ""]
        var paths = [""]
        for _ in 0..<4 {
            paths = paths.flatMap { path in parts.map { path.isEmpty ? $0 : path + "/" + $0 } }
            for path in paths {
                #expect(StagePaths.normalized(path) == StagePaths.collapsed(path), "\(path)")
                #expect(StagePaths.normalized("/" + path) == StagePaths.collapsed("/" + path), "/\(path)")
            }
        }
    }

    @Test func consumersOfAChainAFanOutAndASelfLoop() {
        func stage(_ name: String, deps: [String], outs: [String]) -> StageSpec {
            let at = SourcePosition(file: "p.yaml", line: 1, column: 1)
            return StageSpec(
                name: Located(name, at: at), run: Located("true", at: at), deps: deps.map { Located($0, at: at) },
                outs: outs.map { Located($0, at: at) }, params: [], env: [])
        }
        let chain = [
            stage("a", deps: ["in.txt"], outs: ["a.txt"]), stage("b", deps: ["./a.txt", "a.txt"], outs: ["b.txt"]),
            stage("c", deps: ["b.txt", "a.txt"], outs: ["c.txt"]), stage("d", deps: ["d.txt"], outs: ["d.txt"]),
        ]
        #expect(StageGraphChecks.consumers(of: chain) == [[1, 2], [2], [], [3]])
    }
}
