import Dispatch
import Foundation

/// Runs the matching stages in order over a feature table: block, compare, train, score, cluster.
///
/// Every stage is a plain function over arrays (see the stage types); this type only calls them in
/// order, times them and reports progress. Results are identical for any worker count.
public enum Pipeline {
    /// A progress message for stderr (counts and throughput only, never field values).
    public typealias Progress = @Sendable (String) -> Void

    /// The outcome of a run.
    public struct Output: Sendable {
        /// Pairs at or above the review threshold, with their levels, weights and generating rule.
        public var pairs: [UInt64]
        public var levels: [UInt32]
        public var weights: [Float]
        public var rules: [UInt8]
        /// Rule-agreement masks of the kept pairs (which block-conditional u applied).
        public var masks: [UInt16]
        /// Per-row log2 term frequencies used for the exact-name adjustment.
        public var termFrequencies: PairScorer.TermFrequencyColumns
        public var clustering: ClusterBuilder.Result
        public var model: MatchModel
        public var report: RunReport
        /// Link mode: for each record of source A with a match, its best match in B (row), else -1.
        public var bestMatch: [Int32]?
    }

    /// Deduplicates (or, with `linkOnly`, links the two sources of) `features`.
    /// - Parameters:
    ///   - model: a saved model to use instead of training one.
    ///   - scored: called once with every candidate pair, the blocking rule that generated it and its
    ///     match weight, before pairs below the review threshold are dropped (the benchmark harness
    ///     measures pair completeness and the threshold sweep from it). Not retained.
    public static func run(
        _ features: FeatureTable, settings: MatchSettings, model given: MatchModel? = nil,
        linkOnly: Bool = false, workers: Int, progress: Progress? = nil,
        scored: ((_ pairs: [UInt64], _ rules: [UInt8], _ weights: [Float]) -> Void)? = nil
    ) -> Output {
        var report = RunReport()
        report.records = features.count
        report.workers = workers
        report.matchThreshold = settings.matchThreshold
        report.reviewThreshold = settings.reviewThreshold
        var clock = Clock()

        // 1. Blocking.
        let generator = CandidateGenerator(
            rules: settings.blockingRules, maxBucket: settings.maxBucket,
            window: settings.window, linkOnly: linkOnly)
        var candidates = generator.generate(features, workers: workers)
        report.blocking = candidates.report
        report.candidatePairs = candidates.pairs.count
        report.time("blocking", clock.lap())
        if let warning = Self.noBlockingWarning(features, candidates.report) { report.warnings.append(warning) }
        for line in candidates.report.lines() { progress?(line) }
        progress?("blocking: \(candidates.pairs.count) pairs in \(RunReport.ms(report.seconds["blocking"]!))")

        // 2. Comparison.
        var records: CompareRecords? = CompareRecords(features, workers: workers)
        let levels = features.compareAll(
            candidates.pairs, specs: given?.comparisons ?? settings.comparisons, records: records, workers: workers)
        let masks = candidates.masks
        candidates.masks = []
        let cmpTime = clock.lap()
        report.time("compare", cmpTime)
        progress?("compare: \(levels.count) pairs, \(Int(Double(levels.count) / max(cmpTime, 1e-9) / 1e6)) M pairs/s")

        // 3. Training (or the given model).
        let model: MatchModel
        if var given {
            // Block sessions apply by rule index: keep only those whose rule is the same in these settings.
            let rules = settings.blockingRules
            let kept = (given.blockU ?? []).filter { $0.rule < rules.count && rules[$0.rule].name == $0.ruleName }
            if kept.count != (given.blockU ?? []).count {
                progress?("model: \((given.blockU ?? []).count - kept.count) block session(s) dropped (their rules differ)")
            }
            given.blockU = kept
            model = given
        } else {
            let histogram = PatternHistogram(levels: levels, masks: masks, workers: workers)
            let (trained, training) = ModelTrainer.train(
                features, comparisons: settings.comparisons, rules: settings.blockingRules, histogram: histogram,
                totalPairs: Double(levels.count), uSamples: settings.uSamples, seed: settings.seed, linkOnly: linkOnly,
                records: records, workers: workers)
            model = trained
            report.training = training
            if let reason = training.fallback {
                report.warnings.append("the model was not trained: \(reason); safe default parameters were used")
            }
            progress?("train: \(histogram.levels.count) distinct patterns, \(training.sessions.count) EM sessions")
        }
        records = nil
        report.priorWeight = model.priorWeight
        let lw = model.levelWeights
        report.model = model.comparisons.indices.map { i in
            RunReport.FieldSummary(
                field: model.comparisons[i].field.rawValue, levels: model.comparisons[i].field.levelNames,
                m: model.m[i], u: model.u[i], weight: lw[i], mSource: model.mSource[i])
        }
        report.time("train", clock.lap())

        // 4. Scoring; keep pairs at or above the review threshold.
        let tables = MaskedWeightTables(model: model)
        let tf = PairScorer.TermFrequencyColumns.compute(features, comparisons: model.comparisons, workers: workers)
        let weights = PairScorer.score(
            pairs: candidates.pairs, levels: levels, masks: masks, tables: tables, tf: tf,
            workers: workers)
        scored?(candidates.pairs, candidates.rule, weights)
        let review = Float(settings.reviewThreshold), match = Float(settings.matchThreshold)
        var keptPairs: [UInt64] = [], keptLevels: [UInt32] = [], keptWeights: [Float] = [], keptRules: [UInt8] = []
        var keptMasks: [UInt16] = []
        for i in weights.indices where weights[i] >= review {
            keptMasks.append(masks[i])
            keptPairs.append(candidates.pairs[i])
            keptLevels.append(levels[i])
            keptWeights.append(weights[i])
            keptRules.append(candidates.rule[i])
            if weights[i] >= match { report.matchPairs += 1 } else { report.reviewPairs += 1 }
        }
        report.time("score", clock.lap())

        // 5. Clustering (link mode: each A record's best B match instead of transitive clusters).
        var best: [Int32]? = nil
        var clusterPairs = keptPairs, clusterWeights = keptWeights
        if linkOnly {
            let (b, p, w) = bestMatches(features, pairs: keptPairs, weights: keptWeights, threshold: match)
            best = b
            clusterPairs = p
            clusterWeights = w
            report.linkedRecords = b.lazy.filter { $0 >= 0 }.count
        }
        let clustering = ClusterBuilder.build(
            count: features.count, pairs: clusterPairs, weights: clusterWeights,
            matchThreshold: match,
            strongThreshold: linkOnly ? match : Float(settings.strongLinkThreshold),
            identities: ClusterIdentities(features))
        let chaining = clustering.splitReasons.filter { $0 == .chaining }.count
        report.chainingSplits = chaining
        report.conflictSplits = clustering.splits.count - chaining
        var clusters = 0
        for i in 0..<features.count where clustering.labels[i] == Int32(i) {
            clusters += 1
            let s = Int(clustering.sizes[i])
            if s >= 2 { report.recordsInMultiRecordClusters += s }
            report.largestCluster = max(report.largestCluster, s)
        }
        report.clusters = clusters
        report.multiRecordClusters = clustering.multiRecordClusters
        report.time("cluster", clock.lap())
        progress?(
            "cluster: \(clustering.multiRecordClusters) clusters with 2+ records, "
                + "\(report.chainingSplits) links refused by the chaining guard, \(report.conflictSplits) for conflicting identities"
        )
        return Output(
            pairs: keptPairs, levels: keptLevels, weights: keptWeights, rules: keptRules, masks: keptMasks,
            termFrequencies: tf, clustering: clustering,
            model: model, report: report, bestMatch: best)
    }

    /// For each source-A row, its highest-weight match in B (ties: lower row), and those pairs as edges.
    static func bestMatches(_ f: FeatureTable, pairs: [UInt64], weights: [Float], threshold: Float)
        -> ([Int32], [UInt64], [Float])
    {
        var best = [Int32](repeating: -1, count: f.count)
        var bestW = [Float](repeating: -.infinity, count: f.count)
        for i in pairs.indices where weights[i] >= threshold {
            var a = Int(pairs[i] >> 32), b = Int(pairs[i] & 0xFFFF_FFFF)
            if f.source[a] != 0 { swap(&a, &b) }
            if weights[i] > bestW[a] || (weights[i] == bestW[a] && Int32(b) < best[a]) {
                bestW[a] = weights[i]
                best[a] = Int32(b)
            }
        }
        var p: [UInt64] = [], w: [Float] = []
        for a in 0..<f.count where best[a] >= 0 {
            p.append(UInt64(min(a, Int(best[a]))) << 32 | UInt64(max(a, Int(best[a]))))
            w.append(bestW[a])
        }
        return (best, p, w)
    }
}

/// Wall-clock laps for stage timings.
struct Clock {
    var last = DispatchTime.now().uptimeNanoseconds
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
