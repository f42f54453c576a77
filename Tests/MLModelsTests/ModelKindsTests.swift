import Testing
import MLModels

@Suite struct ModelKindsTests {
    @Test func namesAreThePipelineKinds() {
        #expect(ModelKinds.names == ["global-mean", "baseline", "mf", "svdpp", "als", "knn", "slope-one", "popularity", "command"])
    }
}
