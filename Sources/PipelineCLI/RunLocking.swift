import ArtifactCache

/// Takes the run lock of a pipeline for `mass run`, or explains why it cannot.
enum RunLocking {
    /// The lock on `<pipeline>.lock.run`, held until the returned value is released.
    /// Without `waiting`, a run in progress ends this one with exit code 75.
    static func hold(pipeline: String, waiting: Bool) throws -> RunLock {
        let path = RunLock.path(forLockFile: LockFile.path(forPipeline: pipeline))
        do {
            switch try RunLock.tryAcquire(at: path) {
            case .acquired(let lock):
                return lock
            case .busy(let holder):
                let who = holder.map { " (pid \($0))" } ?? ""
                guard waiting else {
                    Console.error(
                        "mass: error: another run of this pipeline is in progress\(who)\nhint: wait for it with --wait, or stop it first"
                    )
                    throw MassExit.busy
                }
                Console.error("mass: waiting for another run of this pipeline\(who) to end")
                return try RunLock.acquire(at: path)
            }
        } catch let error as CacheError {
            Console.error("mass: error: cannot lock \(path): \(error)\nhint: check the folder's permissions")
            throw MassExit.failure
        }
    }
}
