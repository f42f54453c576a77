import MLCore
import MLModels
import PipelineKinds
import PipelineSpec
import Testing

@Suite struct KindTableTests {
    @Test func namesAreUniqueInEveryTable() {
        for names in [Kinds.models.descriptors, Kinds.combiners.descriptors, Kinds.metaModels.descriptors,
                      Kinds.splits.descriptors, Kinds.samplers.descriptors].map({ $0.map(\.name) }) {
            #expect(Set(names).count == names.count, "\(names)")
        }
    }
}
