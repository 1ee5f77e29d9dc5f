import Dubblett
import Foundation

/// One measured run of one strategy over one dataset: the unit the benchmark harness repeats.
///
/// A cell reads the register, builds features, runs `Pipeline` (block, compare, train, score,
/// cluster) and scores the clusters against the truth. The harness runs every cell-run in a child
/// process of its own (`dubblett bench-cell`), so the peak memory `wait4(2)` reports is that run's
/// alone; `BenchCell.run(_:)` is what the child calls.
///
/// Stage timings are those of `RunReport.seconds` plus `read` and `features`, exactly what
/// `dubblett dedupe` does minus writing output files. Loading the truth and evaluating happen outside
/// the timed stages (but inside the child, so they count toward its peak memory; the truth is small
/// next to the register).
public enum BenchCell {
    /// What to run; written as JSON by the parent and read by the child.
    public struct Spec: Codable, Sendable, Equatable {
        /// The register (CSV).
        public var registerPath: String
        /// The truth (`id,entity_id`).
        public var truthPath: String
        /// A `MatchSettings` JSON file, or `nil` for the built-in settings.
        public var settingsPath: String?
        /// Worker threads.
        public var workers: Int
        /// When set, the run also writes `sweep.csv` and `sweep.svg` here (its figures are then not used
        /// for timing: collecting every pair's weight costs memory).
        public var sweepDirectory: String?
        /// Title of the sweep chart.
        public var sweepTitle: String?

        /// A cell spec.
        public init(registerPath: String, truthPath: String, settingsPath: String? = nil, workers: Int,
                    sweepDirectory: String? = nil, sweepTitle: String? = nil) {
            self.registerPath = registerPath
            self.truthPath = truthPath
            self.settingsPath = settingsPath
            self.workers = workers
            self.sweepDirectory = sweepDirectory
            self.sweepTitle = sweepTitle
        }
    }

    /// What one run measured (inside the process; the parent adds peak memory and process time).
    public struct Result: Codable, Sendable {
        /// Data rows read.
        public var records: Int
        /// Seconds per stage, keyed by stage name (`read`, `features`, then `RunReport.stages`).
        public var seconds: [String: Double]
        /// Stage names in run order.
        public var stages: [String]
        /// Pairs blocking generated (each pair once across rules).
        public var candidatePairs: Int
        /// True duplicate pairs in the truth, restricted to the register's rows.
        public var truePairs: Int
        /// True pairs among the candidate pairs.
        public var trueCandidatePairs: Int
        /// Pairs at or above the match threshold.
        public var matchPairs: Int
        /// Clusters (singletons included) and clusters of two or more records.
        public var clusters: Int
        public var multiRecordClusters: Int
        /// Pairwise and B-cubed scores of the clusters against the truth.
        public var pairwise: EvaluationReport.Scores
        public var bcubed: EvaluationReport.Scores
        /// Blocking per rule: pairs generated, buckets, largest bucket, windowed buckets (no keys).
        public var blockingRules: [BlockingReport.Rule] = []
        /// True pairs among each rule's generated pairs, in rule order.
        public var ruleTruePairs: [Int] = []
        /// Peak resident bytes of the matching work (read to cluster), the truth loading left out; `nil`
        /// where the high-water mark cannot be reset (then only the process peak is known).
        public var enginePeakMemoryBytes: Int?
        /// The sweep's best-F1 point, when a sweep was asked for.
        public var sweepBest: ThresholdSweep.Point?

        /// Sum of the stage seconds: the end-to-end time.
        public var totalSeconds: Double { stages.reduce(0) { $0 + (seconds[$1] ?? 0) } }
        /// 1 − candidates / (n(n−1)/2): the share of all record pairs blocking avoided.
        public var reductionRatio: Double {
            let all = Double(records) * Double(max(records - 1, 0)) / 2
            return all == 0 ? 1 : 1 - Double(candidatePairs) / all
        }
        /// Share of the true pairs that blocking kept (1 when the truth has none).
        public var pairCompleteness: Double {
            truePairs == 0 ? 1 : Double(trueCandidatePairs) / Double(truePairs)
        }
    }

    /// Runs the cell described by `spec` in this process.
    /// - Throws: `ReadError`, `SettingsError`, `EvaluationFileError`, `AtomicFileError` (sweep output).
    /// - Complexity: that of the pipeline, plus O(candidates) to count true candidate pairs.
    public static func run(_ spec: Spec) throws -> Result {
        let given = try spec.settingsPath.map { try MatchSettings.load(from: $0) } ?? MatchSettings()
        let context = RunContext(workers: spec.workers)
        let workers = context.workers
        let job = MatchJob.dedupe(CSVFile(path: spec.registerPath))

        // The same steps `Pipeline.run` takes, split so the truth can be loaded between them.
        var clock = StageClock()
        let store = try Pipeline.read(job, settings: given, options: ReadOptions(), context: context)[0]
        let settings = Pipeline.adapt(given, to: [store], context: context)
        let readSeconds = clock.lap()
        let features = try Pipeline.buildFeatures([store], settings: settings, context: context)
        let featureSeconds = clock.lap()
        let peakBeforeTruth = PeakMemory.highWaterBytes()
        // The truth is loaded after the timed read and feature stages but before the pipeline, so the
        // `scored` hook can tell true pairs; the hook's own time is taken out of the score stage, and
        // the memory peak of loading the truth is left out by resetting the high-water mark.
        let truth = try Evaluation.truthEntities(truthPath: spec.truthPath, register: store, workers: workers).labels
        let reset = PeakMemory.resetHighWater()
        _ = clock.lap()

        var trueCandidates = 0
        var ruleTrue = [Int](repeating: 0, count: settings.blockingRules.count)
        var hookSeconds = 0.0
        var sweepWeights: [Float] = []
        var sweepTrue: [Bool] = []
        let wantSweep = spec.sweepDirectory != nil
        let output = try Pipeline.match(features, settings: settings, context: context, scored: { pairs, rules, weights in
            var hookClock = StageClock()
            if wantSweep {
                sweepWeights = weights
                sweepTrue.reserveCapacity(pairs.count)
            }
            truth.withUnsafeBufferPointer { label in
                for (p, rule) in zip(pairs, rules) {
                    let same = label[Int(p >> 32)] == label[Int(p & 0xFFFF_FFFF)]
                    if same {
                        trueCandidates += 1
                        if Int(rule) < ruleTrue.count { ruleTrue[Int(rule)] += 1 }
                    }
                    if wantSweep { sweepTrue.append(same) }
                }
            }
            hookSeconds = hookClock.lap()
        })
        var report = output.report
        var enginePeak: Int?
        if reset, let a = peakBeforeTruth, let b = PeakMemory.highWaterBytes() { enginePeak = max(a, b) }
        report.seconds["score", default: 0] -= hookSeconds
        let evaluation = Evaluation.evaluate(truthEntity: truth, predictedCluster: output.clustering.labels,
                                             examples: 0)

        var sweepBest: ThresholdSweep.Point?
        if let dir = spec.sweepDirectory {
            let sweep = ThresholdSweep(scores: sweepWeights.map(Double.init), isTrue: sweepTrue,
                                       totalTruePairs: evaluation.truePairs,
                                       thresholds: sweepGrid(weights: sweepWeights, isTrue: sweepTrue))
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try write(sweep.csv(), to: dir + "/sweep.csv")
            try write(sweep.svg(title: spec.sweepTitle ?? "Threshold sweep", marker: settings.matchThreshold),
                      to: dir + "/sweep.svg")
            sweepBest = sweep.best
        }

        return Result(
            records: store.rowCount,
            seconds: report.seconds.merging(["read": readSeconds, "features": featureSeconds]) { $1 },
            stages: ["read", "features"] + report.stages,
            candidatePairs: report.candidatePairs, truePairs: evaluation.truePairs, trueCandidatePairs: trueCandidates,
            matchPairs: report.matchPairs, clusters: report.clusters, multiRecordClusters: report.multiRecordClusters,
            pairwise: evaluation.pairwise, bcubed: evaluation.bcubed, blockingRules: report.blocking.rules,
            ruleTruePairs: ruleTrue,
            enginePeakMemoryBytes: enginePeak, sweepBest: sweepBest)
    }

    /// Thresholds for the sweep: quarter steps from below both the lowest true pair's weight (its 0.5th
    /// percentile, so one outlier does not stretch the chart) and the 5th percentile of all weights
    /// (so the chart shows precision falling), but not below −40, up to just above the highest weight.
    static func sweepGrid(weights: [Float], isTrue: [Bool]) -> [Double] {
        let trueWeights = zip(weights, isTrue).filter { $0.1 }.map { Double($0.0) }.sorted()
        let all = weights.map(Double.init).sorted()
        guard let top = all.last else { return [0] }
        var low = all[Int(Double(all.count - 1) * 0.05)]
        if !trueWeights.isEmpty { low = min(low, trueWeights[Int(Double(trueWeights.count - 1) * 0.005)]) }
        let lo = max(-40, (low - 1).rounded(.down)), hi = (top + 1).rounded(.up)
        return ThresholdSweep.grid(from: lo, to: hi, steps: max(1, Int((hi - lo) * 4)))
    }

    static func write(_ text: String, to path: String) throws {
        let w = try AtomicFileWriter(path: path)
        w.write(Array(text.utf8))
        try w.commit()
    }
}
