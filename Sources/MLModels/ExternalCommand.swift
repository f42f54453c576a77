import Foundation
import MLCore

/// `command`: any external program as a model. For each batch of predictions
/// it writes the training ratings and the pairs to predict as TSV files in a work
/// folder, runs the command template through `/bin/sh -c` with `{train}`,
/// `{predict}`, `{out}` and `{seed}` replaced (paths shell-quoted), and reads one
/// prediction per line of `{out}`, in the order of the rows asked for.
///
/// The program trains every time it runs, so `predict(parts:)` runs it once
/// for all the lists asked for (a fold's test and validation rows), on their
/// pairs one list after the other; and no pairs at all means no run.
///
/// Files: `train.tsv` has the header `user<TAB>item<TAB>rating`, `predict.tsv`
/// the header `user<TAB>item`; users and items are the dense 0-based indices.
public struct ExternalCommand: RatingModel {
    public static let kind = "command"

    public struct Parameters: Sendable, Hashable {
        /// The shell command, e.g. `python3 gbm.py --train {train} --predict {predict} --out {out}`.
        public var template: String
        /// Where work folders are made; nil means the system's temporary directory.
        public var workRoot: String?
        /// Keep the work folder after a successful run (it is always kept after a failure).
        public var keepFiles: Bool
        /// Lines of standard error quoted in a failure message.
        public var stderrLinesInErrors: Int
        /// The folder the command runs in, so its relative paths mean what its author meant;
        /// nil means the current directory.
        public var workingDirectory: String?
        /// Runs the command again after a failure this many times at most, waiting
        /// `retryDelay` seconds, then twice that, and so on.
        public var retries: Int
        public var retryDelay: Double

        public init(
            template: String, workRoot: String? = nil, keepFiles: Bool = false, stderrLinesInErrors: Int = 10,
            workingDirectory: String? = nil, retries: Int = 0, retryDelay: Double = 1
        ) {
            self.retries = retries
            self.retryDelay = retryDelay
            self.template = template
            self.workRoot = workRoot
            self.keepFiles = keepFiles
            self.stderrLinesInErrors = stderrLinesInErrors
            self.workingDirectory = workingDirectory
        }
    }

    public var parameters: Parameters

    public init(_ parameters: Parameters) { self.parameters = parameters }

    public init(template: String) { self.parameters = Parameters(template: template) }

    /// Only checks the inputs: the program trains and predicts in one run, at prediction time.
    public func fit(train: RatingSet, scale: ClosedRange<Double>, seed: UInt64) throws -> Fitted {
        try validateTraining(train, scale: scale, kind: Self.kind)
        try require(
            !parameters.template.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, kind: Self.kind,
            "the command template is empty")
        return Fitted(parameters: parameters, train: train, seed: seed, scale: scale)
    }

    public struct Fitted: RatingPredictor {
        public let parameters: Parameters
        let train: RatingSet
        let seed: UInt64
        public let scale: ClosedRange<Double>

        public func predict(users: [Int32], items: [Int32]) throws -> Predictions {
            try predict(parts: [PredictionPairs(users: users, items: items)])[0]
        }

        /// One run of the program for all `parts`, their pairs concatenated in order; none when there are no pairs.
        public func predict(parts: [PredictionPairs]) throws -> [Predictions] {
            var users: [Int32] = [], items: [Int32] = []
            for part in parts {
                users += part.users
                items += part.items
            }
            let all = users.isEmpty ? Predictions(values: [], fallbacks: []) : try predictOnce(users: users, items: items)
            var results: [Predictions] = [], start = 0
            for part in parts {
                let range = start..<(start + part.count)
                results.append(Predictions(values: Array(all.values[range]), fallbacks: Array(all.fallbacks[range])))
                start = range.upperBound
            }
            return results
        }

        private func predictOnce(users: [Int32], items: [Int32]) throws -> Predictions {
            let folder = try makeWorkFolder()
            let trainPath = folder.appendingPathComponent("train.tsv").path
            let predictPath = folder.appendingPathComponent("predict.tsv").path
            let outPath = folder.appendingPathComponent("predictions.txt").path
            try write(trainingFile(), to: trainPath)
            try write(queryFile(users: users, items: items), to: predictPath)

            let command = substitute(parameters.template, train: trainPath, predict: predictPath, out: outPath)
            var attempt = 1
            while true {
                do {
                    try run(command, folder: folder)
                    break
                } catch let error as ModelError where attempt <= parameters.retries && error.code == .commandFailed {
                    // A transient failure may pass: wait, longer each time, and run the command again.
                    Thread.sleep(forTimeInterval: parameters.retryDelay * Double(1 << min(attempt - 1, 20)))
                    attempt += 1
                }
            }
            let values = try readPredictions(at: outPath, expected: users.count, command: command, folder: folder)
            if !parameters.keepFiles { try? FileManager.default.removeItem(at: folder) }
            return Predictions(
                values: values.map { clip($0, to: scale) },
                fallbacks: [PredictionFallback](repeating: [], count: values.count))
        }

        func substitute(_ template: String, train: String, predict: String, out: String) -> String {
            template
                .replacingOccurrences(of: "{train}", with: shellQuoted(train))
                .replacingOccurrences(of: "{predict}", with: shellQuoted(predict))
                .replacingOccurrences(of: "{out}", with: shellQuoted(out))
                .replacingOccurrences(of: "{seed}", with: String(seed))
        }

        private func makeWorkFolder() throws -> URL {
            let root = parameters.workRoot.map { URL(fileURLWithPath: $0) } ?? FileManager.default.temporaryDirectory
            let folder = root.appendingPathComponent("mass-command-\(UUID().uuidString)")
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw ModelError(
                    .fileSystem, model: kind, "cannot create the work folder \(folder.path)", cause: UnderlyingError(error))
            }
            return folder
        }

        private func trainingFile() -> String {
            var text = "user\titem\trating\n"
            text.reserveCapacity(train.count * 12)
            for row in 0..<train.count {
                text += "\(train.users[row])\t\(train.items[row])\t\(train.values[row])\n"
            }
            return text
        }

        private func queryFile(users: [Int32], items: [Int32]) -> String {
            var text = "user\titem\n"
            for row in users.indices { text += "\(users[row])\t\(items[row])\n" }
            return text
        }

        private func write(_ text: String, to path: String) throws {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            } catch {
                throw ModelError(.fileSystem, model: kind, "cannot write \(path)", cause: UnderlyingError(error))
            }
        }

        private func run(_ command: String, folder: URL) throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            if let directory = parameters.workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
            let stdoutURL = folder.appendingPathComponent("stdout.txt"), stderrURL = folder.appendingPathComponent("stderr.txt")
            // Files, not pipes: a chatty program can never fill a pipe and block.
            guard FileManager.default.createFile(atPath: stdoutURL.path, contents: nil),
                FileManager.default.createFile(atPath: stderrURL.path, contents: nil),
                let stdout = try? FileHandle(forWritingTo: stdoutURL), let stderr = try? FileHandle(forWritingTo: stderrURL)
            else {
                throw ModelError(.fileSystem, model: kind, "cannot create the output files in \(folder.path)")
            }
            defer { try? stdout.close(); try? stderr.close() }
            process.standardOutput = stdout
            process.standardError = stderr
            process.standardInput = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                throw ModelError(
                    .commandFailed, model: kind, "cannot start /bin/sh for `\(command)`", cause: UnderlyingError(error))
            }
            process.waitUntilExit()
            guard process.terminationReason != .exit || process.terminationStatus != 0 else { return }
            let how =
                process.terminationReason == .exit
                ? "exited with status \(process.terminationStatus)"
                : "was killed by signal \(process.terminationStatus)"
            let tail = lastLines(of: stderrURL.path, count: parameters.stderrLinesInErrors)
            var message = "the command `\(command)` \(how) (work folder \(folder.path))"
            message += tail.isEmpty ? "; it wrote nothing to stderr" : "; last lines of stderr:\n\(tail)"
            throw ModelError(.commandFailed, model: kind, message)
        }

        private func lastLines(of path: String, count: Int) -> String {
            guard let data = FileManager.default.contents(atPath: path) else { return "" }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            let trimmed = lines.last == "" ? lines.dropLast() : lines[...]
            return trimmed.suffix(count).joined(separator: "\n")
        }

        private func readPredictions(at path: String, expected: Int, command: String, folder: URL) throws -> [Double] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ModelError(
                    .predictionsMissing, model: kind,
                    "the command `\(command)` exited with status 0 but wrote no prediction file at \(path)")
            }
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
            guard lines.count >= expected else {
                throw ModelError(
                    .predictionsShort, model: kind,
                    "the prediction file \(path) has \(lines.count) lines for \(expected) rows")
            }
            guard lines.count == expected else {
                throw ModelError(
                    .predictionsMalformed, model: kind,
                    "the prediction file \(path) has \(lines.count) lines for \(expected) rows")
            }
            var values = [Double](repeating: 0, count: expected)
            for (number, line) in lines.enumerated() {
                let text = line.trimmingCharacters(in: .whitespaces)
                guard let value = Double(text), value.isFinite else {
                    throw ModelError(
                        .predictionsMalformed, model: kind,
                        "line \(number + 1) of the prediction file \(path) is not a number: \"\(text.prefix(60))\"")
                }
                values[number] = value
            }
            return values
        }

        private var kind: String { ExternalCommand.kind }
    }
}

/// `text` as one single-quoted shell word.
func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
