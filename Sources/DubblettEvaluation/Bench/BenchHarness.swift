import DubblettDatasets
import Dubblett
import Foundation

/// Runs benchmark cells (a strategy over a dataset) in child processes and summarises them.
///
/// Each run of a cell is a fresh child process (`executable` + `childCommand` + `--spec` + `--result`,
/// i.e. `dubblett bench-cell`), so its peak resident memory is that run's alone and no run warms the
/// heap for the next. Two peaks are kept: the whole child's (`ru_maxrss` from `wait4(2)`) and the
/// matching work's (the child's high-water mark with the truth loading left out, `PeakMemory`), which
/// is the one tables show. The parent takes the median of every timing
/// and of peak memory over the runs; accuracy figures come from the first run (the engine is
/// deterministic for a seed, and the harness checks that the runs agree).
public enum BenchHarness {
    /// A register with its truth.
    public struct Dataset: Codable, Sendable, Equatable {
        /// A short name for tables and history keys (the directory name, or the register's file name).
        public var name: String
        public var registerPath: String
        public var truthPath: String

        /// A dataset.
        public init(name: String, registerPath: String, truthPath: String) {
            self.name = name
            self.registerPath = registerPath
            self.truthPath = truthPath
        }

        /// Parses `DIR` (holding `register.csv` and `truth.csv`) or `REGISTER.csv:TRUTH.csv`.
        /// - Throws: `BenchError` naming the missing file and the accepted forms.
        public static func parse(_ argument: String) throws -> Dataset {
            let fm = FileManager.default
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: argument, isDirectory: &isDir), isDir.boolValue {
                let dir = argument.hasSuffix("/") ? String(argument.dropLast()) : argument
                let d = Dataset(name: PathText.last(dir), registerPath: dir + "/register.csv",
                                truthPath: dir + "/truth.csv")
                for p in [d.registerPath, d.truthPath] where !fm.fileExists(atPath: p) {
                    throw BenchError("dataset \(argument): \(p) is missing; a dataset directory holds register.csv "
                        + "and truth.csv (make one with `dubblett generate --output \(argument)`)")
                }
                return d
            }
            let parts = argument.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else {
                throw BenchError("dataset \(argument): not a directory; give DIR (with register.csv and truth.csv) "
                    + "or REGISTER.csv:TRUTH.csv")
            }
            for p in parts where !fm.fileExists(atPath: p) {
                throw BenchError("dataset \(argument): \(p) does not exist")
            }
            var name = PathText.last(parts[0])
            if name.hasSuffix(".csv") { name.removeLast(4) }
            return Dataset(name: name, registerPath: parts[0], truthPath: parts[1])
        }
    }

    /// A matching strategy: a `MatchSettings` file or the built-in settings.
    public struct Strategy: Codable, Sendable, Equatable {
        /// `default`, or the settings file's name without `.json`.
        public var name: String
        /// `nil` for the built-in settings.
        public var settingsPath: String?

        /// Parses `default` or a path to a settings file (checked now, so a typo fails before any run).
        /// - Throws: `SettingsError` listing every problem of the file.
        public static func parse(_ argument: String) throws -> Strategy {
            if argument == "default" { return Strategy(name: "default", settingsPath: nil) }
            _ = try MatchSettings.load(from: argument)
            var name = PathText.last(argument)
            if name.hasSuffix(".json") { name.removeLast(5) }
            return Strategy(name: name, settingsPath: argument)
        }
    }

    /// One run as the parent saw it: the child's result plus what the kernel measured.
    public struct Run: Codable, Sendable {
        public var result: BenchCell.Result
        /// Peak resident set size of the child, bytes.
        public var peakMemoryBytes: Int
        /// Wall seconds of the whole child process (start-up and evaluation included).
        public var processSeconds: Double
        /// CPU seconds (user + system) of the child.
        public var cpuSeconds: Double
    }

    /// The summary of a cell over its runs.
    public struct CellSummary: Codable, Sendable {
        public var dataset: String
        public var strategy: String
        public var records: Int
        public var runs: Int
        public var workers: Int
        /// Stage names in run order.
        public var stages: [String]
        /// Median seconds per stage.
        public var stageSeconds: [String: Double]
        /// Median end-to-end seconds (sum of the stages within a run, then the median over runs).
        public var totalSeconds: Double
        /// Records per second end to end: `records / totalSeconds`.
        public var recordsPerSecond: Double
        /// Records per second per stage: `records / stageSeconds[stage]`.
        public var stageRecordsPerSecond: [String: Double]
        /// Median peak resident memory of the matching work (read to cluster, truth loading left out),
        /// bytes; the process peak where that cannot be measured.
        public var peakMemoryBytes: Int
        /// Median peak resident memory of the whole child process (`ru_maxrss`), bytes.
        public var processPeakMemoryBytes: Int
        /// Median wall seconds of the child process and median CPU seconds.
        public var processSeconds: Double
        public var cpuSeconds: Double
        public var candidatePairs: Int
        public var reductionRatio: Double
        public var truePairs: Int
        public var trueCandidatePairs: Int
        public var pairCompleteness: Double
        public var matchPairs: Int
        public var pairwise: EvaluationReport.Scores
        public var bcubed: EvaluationReport.Scores
        public var clusters: Int
        public var multiRecordClusters: Int
        /// Blocking per rule (from the first run): what each rule cost in pairs.
        public var blockingRules: [BlockingReport.Rule]
        /// True pairs among each rule's generated pairs, in rule order.
        public var ruleTruePairs: [Int]
        /// End-to-end seconds of every run, in run order (the spread behind the median).
        public var runSeconds: [Double]
        /// `peakMemoryBytes` of every run, bytes.
        public var runPeakMemoryBytes: [Int]

        /// Summarises `runs` (at least one).
        public init(dataset: String, strategy: String, workers: Int, runs: [Run]) {
            precondition(!runs.isEmpty, "a cell has at least one run")
            let first = runs[0].result
            self.dataset = dataset
            self.strategy = strategy
            self.workers = workers
            self.runs = runs.count
            records = first.records
            stages = first.stages
            var perStage: [String: Double] = [:]
            for s in stages { perStage[s] = median(runs.map { $0.result.seconds[s] ?? 0 }) ?? 0 }
            stageSeconds = perStage
            runSeconds = runs.map(\.result.totalSeconds)
            totalSeconds = median(runSeconds) ?? 0
            recordsPerSecond = Double(records) / max(totalSeconds, 1e-9)
            stageRecordsPerSecond = perStage.mapValues { Double(first.records) / max($0, 1e-9) }
            runPeakMemoryBytes = runs.map { $0.result.enginePeakMemoryBytes ?? $0.peakMemoryBytes }
            peakMemoryBytes = Int(median(runPeakMemoryBytes.map(Double.init)) ?? 0)
            processPeakMemoryBytes = Int(median(runs.map { Double($0.peakMemoryBytes) }) ?? 0)
            processSeconds = median(runs.map(\.processSeconds)) ?? 0
            cpuSeconds = median(runs.map(\.cpuSeconds)) ?? 0
            candidatePairs = first.candidatePairs
            reductionRatio = first.reductionRatio
            truePairs = first.truePairs
            trueCandidatePairs = first.trueCandidatePairs
            pairCompleteness = first.pairCompleteness
            matchPairs = first.matchPairs
            pairwise = first.pairwise
            bcubed = first.bcubed
            clusters = first.clusters
            multiRecordClusters = first.multiRecordClusters
            blockingRules = first.blockingRules
            ruleTruePairs = first.ruleTruePairs
        }
    }

    /// Runs `spec` `runs` times, each in a child process, and summarises.
    /// - Parameters:
    ///   - executable: the binary to run (normally `ChildProcess.currentExecutable`).
    ///   - childCommand: arguments that select the cell runner, e.g. `["bench-cell"]`.
    ///   - scratch: a directory for the spec, result and stderr files.
    ///   - progress: told after each run (figures only, never field values).
    /// - Throws: `BenchError` when a child fails (with the tail of its stderr) or the runs disagree.
    public static func runCell(
        dataset: Dataset, strategy: Strategy, workers: Int, runs: Int, executable: String, childCommand: [String],
        scratch: String, progress: ((String) -> Void)? = nil
    ) throws -> CellSummary {
        let spec = BenchCell.Spec(registerPath: dataset.registerPath, truthPath: dataset.truthPath,
                                  settingsPath: strategy.settingsPath, workers: workers)
        var measured: [Run] = []
        for i in 1...runs {
            let run = try runChild(spec: spec, executable: executable, childCommand: childCommand, scratch: scratch)
            if let first = measured.first?.result, !sameOutcome(first, run.result) {
                throw BenchError("\(dataset.name)/\(strategy.name): run \(i) found \(run.result.candidatePairs) "
                    + "candidates and \(run.result.clusters) clusters, run 1 \(first.candidatePairs) and "
                    + "\(first.clusters): the engine is not deterministic for this input")
            }
            measured.append(run)
            progress?("bench \(dataset.name)/\(strategy.name) run \(i)/\(runs): \(run.result.records) records, "
                + "\(BenchFormat.seconds(run.result.totalSeconds)), "
                + "\(BenchFormat.bytes(run.result.enginePeakMemoryBytes ?? run.peakMemoryBytes)) peak "
                + "(process \(BenchFormat.bytes(run.peakMemoryBytes)))")
        }
        return CellSummary(dataset: dataset.name, strategy: strategy.name, workers: workers, runs: measured)
    }

    /// One child run of `spec`: writes the spec, spawns, waits, reads the result.
    /// - Throws: `BenchError` when the child exits non-zero or writes no result.
    public static func runChild(spec: BenchCell.Spec, executable: String, childCommand: [String],
                                scratch: String) throws -> Run {
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let specPath = scratch + "/spec.json", resultPath = scratch + "/result.json"
        let errPath = scratch + "/stderr.txt"
        try JSONEncoder().encode(spec).write(to: URL(fileURLWithPath: specPath))
        unlink(resultPath)
        let child = try ChildProcess.run(executable: executable,
                                         arguments: childCommand + ["--spec", specPath, "--result", resultPath],
                                         stdoutPath: "/dev/null", stderrPath: errPath)
        guard child.exitCode == 0, let data = FileManager.default.contents(atPath: resultPath) else {
            let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            let tail = err.split(separator: "\n").suffix(8).joined(separator: "\n")
            throw BenchError("benchmark run of \(spec.registerPath) failed (exit \(child.exitCode)):\n\(tail)")
        }
        let result = try JSONDecoder().decode(BenchCell.Result.self, from: data)
        return Run(result: result, peakMemoryBytes: child.peakResidentBytes, processSeconds: child.wallSeconds,
                   cpuSeconds: child.userSeconds + child.systemSeconds)
    }

    static func sameOutcome(_ a: BenchCell.Result, _ b: BenchCell.Result) -> Bool {
        a.records == b.records && a.candidatePairs == b.candidatePairs && a.clusters == b.clusters
            && a.matchPairs == b.matchPairs && a.trueCandidatePairs == b.trueCandidatePairs
    }

    /// The generated dataset of `rows` rows under `directory` (`100k`, `1m`, `10m` ...), generating it
    /// with `seed` when `register.csv` or `truth.csv` is missing.
    /// - Throws: `AtomicFileError` when it cannot be written.
    public static func generatedDataset(rows: Int, directory: String, seed: UInt64 = 1, workers: Int,
                                        progress: ((String) -> Void)? = nil) throws -> Dataset {
        let dir = directory + "/" + sizeLabel(rows)
        let d = Dataset(name: sizeLabel(rows), registerPath: dir + "/register.csv", truthPath: dir + "/truth.csv")
        let fm = FileManager.default
        if fm.fileExists(atPath: d.registerPath) && fm.fileExists(atPath: d.truthPath) { return d }
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        progress?("bench: generating \(rows) rows (seed \(seed)) into \(dir)")
        let summary = try RegisterGenerator(seed: seed).generate(
            rows: rows, registerPath: d.registerPath, truthPath: d.truthPath, workers: workers)
        progress?("bench: generated \(summary.rows) rows in \(BenchFormat.seconds(summary.seconds))")
        return d
    }

    /// `100k`, `1m`, `10m`, or the plain number.
    public static func sizeLabel(_ rows: Int) -> String {
        if rows >= 1_000_000 && rows % 1_000_000 == 0 { return "\(rows / 1_000_000)m" }
        if rows >= 1000 && rows % 1000 == 0 { return "\(rows / 1000)k" }
        return String(rows)
    }
}
