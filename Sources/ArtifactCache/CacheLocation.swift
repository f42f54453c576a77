import Foundation

/// Where a pipeline's cache folder is: `--cache-dir` first, then
/// `MASS_CACHE_DIR`, then `.mass/` beside the pipeline file.
public enum CacheLocation {
    public static let environmentVariable = "MASS_CACHE_DIR"

    public static func root(
        forPipeline pipelinePath: String, override: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let override, !override.isEmpty { return override }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty { return fromEnvironment }
        let folder = URL(fileURLWithPath: pipelinePath).deletingLastPathComponent().standardizedFileURL.path
        return folder + "/.mass"
    }
}
