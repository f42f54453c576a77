import Testing

@testable import PipelineBasics

@Suite struct MemorySizeTests {
    @Test func sizesAsPeopleWriteThem() {
        #expect(MemorySize.parse("8GiB") == 8 << 30)
        #expect(MemorySize.parse("8 GiB") == 8 << 30)
        #expect(MemorySize.parse("8G") == 8 << 30)
        #expect(MemorySize.parse("2GB") == 2_000_000_000)
        #expect(MemorySize.parse("512MiB") == 512 << 20)
        #expect(MemorySize.parse("1.5GiB") == 3 << 29)
        #expect(MemorySize.parse("1000") == 1000)
        #expect(MemorySize.parse("lots") == nil && MemorySize.parse("-1G") == nil && MemorySize.parse("3 parsecs") == nil)
        #expect(MemorySize.parse("99999999999TB") == nil, "no overflow")
    }

    @Test func sizesAsMessagesShowThem() {
        #expect(MemorySize.text(512) == "512 B")
        #expect(MemorySize.text(3 << 20) == "3.0 MiB")
        #expect(MemorySize.text(600 << 20) == "600 MiB")
        #expect(MemorySize.text(12 << 30) == "12 GiB")
    }

    @Test func theMachineSaysWhatIsAvailable() throws {
        let available = try #require(MemorySize.available, "Linux reports MemAvailable")
        #expect(available > 1 << 20)
    }
}
