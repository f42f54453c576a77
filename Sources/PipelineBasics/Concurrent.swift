import Dispatch

/// A value computed on another thread while the caller does other work:
/// a large pipeline's lock file is read while its pipeline file is checked.
public final class Concurrent<Value: Sendable>: @unchecked Sendable {
    private let finished = DispatchSemaphore(value: 0)
    private var result: Value?
    private let work: @Sendable () -> Value

    public init(_ work: @escaping @Sendable () -> Value) {
        self.work = work
        DispatchQueue.global(qos: .userInitiated).async {
            self.result = work()
            self.finished.signal()
        }
    }

    /// Waits for the value; call it from one thread, once.
    public func value() -> Value {
        finished.wait()
        return result ?? work()
    }
}
