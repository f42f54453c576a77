import Logging
import NIOPosix
import ServiceLifecycle

/// Checks the model file every `interval`, off the request path; a replaced
/// file is loaded and swapped in, a bad one is logged and the old model kept.
struct ModelFileWatcher: Service {
    let files: ModelFileAccess
    let holder: ModelHolder
    let metrics: ServerMetrics
    let interval: Duration
    let logger: Logger
    let notify: @Sendable (ServerNotification) -> Void

    func run() async throws {
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                // Reading a model file takes a while: off the event loops, which may run this task.
                try await NIOThreadPool.singleton.runIfActive { checkOnce() }
            }
        }
    }

    func checkOnce() {
        guard files.changedSinceSeen() else { return }
        do {
            let (ensemble, provenance) = try files.read()
            let model = holder.load(ensemble, provenance: provenance)
            metrics.reload(succeeded: true)
            logger.info(
                "loaded the replaced model file",
                metadata: ["path": "\(files.path)", "pipeline": "\(provenance.pipeline)", "loads": "\(model.loadNumber)"])
            notify(.reloaded(loads: model.loadNumber))
        } catch {
            metrics.reload(succeeded: false)
            logger.error(
                "refused the replaced model file; the old model keeps serving",
                metadata: ["path": "\(files.path)", "reason": "\(error.message)"])
            notify(.reloadFailed(message: error.message))
        }
    }
}
