import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file sequentially on a thread of its own into two alternating
/// buffers, so the consumer (the hasher) works on one chunk while the next is read.
final class PipelinedReader: @unchecked Sendable {
    static let chunkSize = 4 << 20

    private let descriptor: Int32
    private let buffers: [UnsafeMutableRawBufferPointer]
    /// Bytes read into each buffer; negative for an `errno`, zero at the end of the file.
    private let counts: UnsafeMutablePointer<Int>
    private let filled = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
    // Semaphores start at zero and are signalled once: libdispatch traps when
    // one is freed holding less than its initial value.
    private let free = [DispatchSemaphore(value: 0), DispatchSemaphore(value: 0)]
    private let stopped = DispatchSemaphore(value: 0)
    private var current = 0
    private var handedOut = false
    private var ended = false

    init(descriptor: Int32) {
        self.descriptor = descriptor
        buffers = (0..<2).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 4096) }
        counts = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        counts.initialize(repeating: 0, count: 2)
        for semaphore in free { semaphore.signal() }
        Thread.detachNewThread { [self] in readLoop() }
    }

    private func readLoop() {
        var index = 0
        while true {
            free[index].wait()
            var count: Int
            repeat {
                count = buffers[index].baseAddress.map { read(descriptor, $0, Self.chunkSize) } ?? 0
            } while count < 0 && errno == EINTR
            counts[index] = count < 0 ? -Int(errno) : count
            filled[index].signal()
            if count <= 0 { break }
            index ^= 1
        }
        stopped.signal()
    }

    /// The next chunk, valid until the following call; `nil` at the end of the file.
    func next(path: String) throws(CacheError) -> UnsafeRawBufferPointer? {
        if handedOut {
            // The consumer is done with the previous chunk: the reader may refill it.
            free[current].signal()
            current ^= 1
            handedOut = false
        }
        guard !ended else { return nil }
        filled[current].wait()
        let count = counts[current]
        if count <= 0 {
            ended = true
            if count < 0 {
                throw CacheError(.io, "cannot read \(path)", cause: SystemCallError(call: "read", errno: Int32(-count)))
            }
            return nil
        }
        handedOut = true
        return UnsafeRawBufferPointer(rebasing: buffers[current][0..<count])
    }

    /// Waits for the reading thread to stop and frees the buffers. Reads the
    /// file to its end if the consumer stopped early.
    func finish() {
        while !ended {
            guard (try? next(path: "")) != nil else { break }
        }
        stopped.wait()
        for buffer in buffers { buffer.deallocate() }
        counts.deallocate()
    }
}
