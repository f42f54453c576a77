import Foundation
import Testing

/// Reference documents generated from the registry must match the committed copies.
@Suite struct ReferenceDocsTests {
    @Test func kindsReferenceIsCurrent() throws {
        let outcome = try MassProcess.run(["kinds"])
        #expect(outcome.status == 0)
        let committed = try String(
            contentsOf: MassProcess.repositoryRoot.appendingPathComponent("docs/kinds.md"), encoding: .utf8)
        #expect(outcome.stdout == committed, "docs/kinds.md is stale: run `swift run mass kinds > docs/kinds.md`")
        #expect(committed.contains("### `knn`"))
        #expect(committed.contains("| `lr` | a number | `0.005` | (0, inf) | yes | SGD learning rate |"))
    }
}
