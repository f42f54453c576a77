import Testing
@testable import PipelineExecutor

@Suite struct ExecutorOptionsTests {
    @Test(arguments: [0, -3])
    func fewerThanOneJobIsRefused(jobs: Int) {
        #expect {
            try ExecutorOptions(jobs: jobs)
        } throws: { error in
            (error as? ExecutorError)?.code == .invalidOptions && "\(error)" == "jobs must be at least 1, found \(jobs)"
        }
    }

    @Test func noJobCountMeansOnePerCore() throws {
        #expect(try ExecutorOptions(jobs: nil).jobs == ExecutorOptions.defaultJobs)
        #expect(ExecutorOptions().jobs == ExecutorOptions.defaultJobs)
        #expect(try ExecutorOptions(jobs: 3, keepGoing: true).jobs == 3)
    }
}
