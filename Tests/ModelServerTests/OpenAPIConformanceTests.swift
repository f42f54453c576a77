import Foundation
import ModelServer
import Testing

/// Property-based fuzzing of the running server against `api/openapi.yaml` with schemathesis.
/// Skipped, saying so, where schemathesis is not installed; in CI (`CI=true`) a missing one fails.
@Suite struct OpenAPIConformanceTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static var schemathesis: String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { $0 + "/st" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: schemathesis != nil || inCI, "schemathesis (`st`) is not installed: pip install schemathesis"))
    func theServerConformsToItsOpenAPIDescription() async throws {
        let tool = try #require(Self.schemathesis, "CI needs schemathesis: pip install schemathesis")
        let folder = try ServerHarness.folder()
        let path = folder + "/model.mass"
        try Data(try ServerHarness.modelFile(pipeline: "first", seed: 1)).write(to: URL(fileURLWithPath: path))
        try await ServerHarness.withServer(path) { _, _, port in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: tool)
            // schemathesis keeps its state in the working folder; keep it out of the repository.
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            process.arguments = [
                "run", Self.repository.appendingPathComponent("api/openapi.yaml").path, "--url", "http://127.0.0.1:\(port)",
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,"
                    + "response_schema_conformance",
                "--max-examples", "25", "--seed", "1",
            ]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            // Read before waiting, so a full pipe cannot block the tool.
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "schemathesis found problems:\n\(text)")
        }
    }
}
