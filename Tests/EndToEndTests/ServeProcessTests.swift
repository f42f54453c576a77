import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `mass serve` as its own process, as it is deployed: it stops cleanly on
/// SIGTERM and SIGINT, and it conforms to `api/openapi.yaml` under
/// property-based fuzzing with schemathesis. A process of its own keeps the
/// server's threads apart from the other tests' work.
@Suite struct ServeProcessTests {
    /// Exports a small weighted ensemble into a new folder; the model file's path.
    private func modelFile() throws -> (folder: URL, path: String) {
        let folder = try RunFixtures.folder([
            "p.yaml": ExportCommandTests.pipeline("{method: weighted}"), "ratings.csv": ExportCommandTests.ratings,
        ])
        let outcome = try MassProcess.run(["export", "p.yaml", "-o", "model.mass"], in: folder)
        try #require(outcome.status == 0, "\(outcome.stderr)")
        return (folder, folder.appendingPathComponent("model.mass").path)
    }

    /// Starts `mass serve` on a free loopback port and waits until it says where it listens.
    private func serve(_ path: String, in folder: URL) throws -> (server: BackgroundMass, port: Int) {
        let server = try BackgroundMass(["serve", path, "--port", "0"], in: folder)
        try #require(server.waitForStderr(containing: "mass: serving"), "the server did not start")
        let text = server.stderrSoFar
        let port = text.range(of: "http://127.0.0.1:").flatMap { range in
            Int(text[range.upperBound...].prefix { $0.isNumber })
        }
        return (server, try #require(port, "no port in: \(text)"))
    }

    private func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let url = try #require(URL(string: "http://127.0.0.1:\(port)\(path)"))
        let (data, response) = try await URLSession.shared.data(from: url)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalEndsTheServerWithExitZero(_ signal: Int32) async throws {
        let (folder, path) = try modelFile()
        let (server, port) = try serve(path, in: folder)
        let health = try await get(port, "/healthz")
        #expect(health.status == 200, "\(health.body)")
        server.signal(signal)
        let outcome = server.wait()
        #expect(!outcome.killedBySignal, "killed by signal \(outcome.status)")
        #expect(outcome.status == 0, "\(outcome.stderr)")
    }

    static var schemathesis: String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { $0 + "/st" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var inCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    @Test(.enabled(if: schemathesis != nil || inCI, "schemathesis (`st`) is not installed: pip install schemathesis"))
    func theServerConformsToItsOpenAPIDescription() throws {
        let tool = try #require(Self.schemathesis, "CI needs schemathesis: pip install schemathesis")
        let (folder, path) = try modelFile()
        let (server, port) = try serve(path, in: folder)
        defer {
            server.signal(SIGTERM)
            _ = server.wait()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        // schemathesis keeps its state in the working folder; keep it out of the repository.
        process.currentDirectoryURL = folder
        process.arguments = [
            "run", MassProcess.repositoryRoot.appendingPathComponent("api/openapi.yaml").path,
            "--url", "http://127.0.0.1:\(port)",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
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
