import Dispatch

/// Frees a large tree of values on another thread, so that the caller goes on
/// at once: a 10,000-stage pipeline's YAML nodes take tens of milliseconds to
/// free, the time of a whole phase of a run that changes nothing.
///
/// The caller hands over its reference (`consume`); the tree must not be
/// shared with anything that stays, or it is freed where that is dropped.
public func releaseInBackground<Value>(_ value: consuming Value) {
    let box = ReleaseBox(value)
    DispatchQueue.global(qos: .utility).async { box.empty() }
}

/// Holds the value until the background thread drops it.
private final class ReleaseBox<Value>: @unchecked Sendable {
    private var value: Value?
    init(_ value: consuming Value) { self.value = value }
    func empty() { value = nil }
}
