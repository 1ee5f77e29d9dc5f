import Dispatch
import Foundation
import Logging

/// A matching job: deduplicate one register, or link register A to register B.
public enum MatchJob: Sendable {
    /// Find the duplicate clusters of one register.
    case dedupe(any RecordSource)
    /// Give each record of the first register its best match in the second (only cross pairs compared).
    case link(any RecordSource, any RecordSource)

    var sources: [any RecordSource] {
        switch self {
        case .dedupe(let s): [s]
        case .link(let a, let b): [a, b]
        }
    }

    var kind: MatchResult.Kind {
        switch self {
        case .dedupe: .dedupe
        case .link: .link
        }
    }
}

/// The engine's one entry point: from record sources to a `MatchResult`.
///
/// ```
/// source(s) ──read──► RecordStore ──features──► FeatureTable ──block──► candidate pairs
///   ──compare──► level vectors ──train──► MatchModel ──score──► weights ──cluster──► MatchResult
/// ```
/// Every stage is a plain function over arrays (see the stage types); this type calls them in order,
/// times them, reports progress and checks for cancellation between and inside stages. Results are
/// identical for any worker count. The CLI, the example program, the benchmark harness and the
/// tests all go through `run(_:settings:model:readOptions:context:)` (the harness through its steps).
public enum Pipeline {
    /// A line of progress for people (counts and timings only), for callers that print lines.
    public typealias Progress = @Sendable (String) -> Void

    /// The engine's arrays for a run (package API: writers, the harness and `MatchResult` read them).
    package struct Output: Sendable {
        /// Pairs at or above the review threshold, with their levels, weights and generating rule.
        package var pairs: [UInt64]
        package var levels: [UInt32]
        package var weights: [Float]
        package var rules: [UInt8]
        /// Rule-agreement masks of the kept pairs (which block-conditional u applied).
        package var masks: [UInt16]
        /// Per-row log2 term frequencies used for the exact-name adjustment.
        package var termFrequencies: PairScorer.TermFrequencyColumns
        package var clustering: ClusterBuilder.Result
        package var model: MatchModel
        package var report: RunReport
        /// Link mode: for each record of source A with a match, its best match in B (row), else -1.
        package var bestMatch: [Int32]?
    }

    /// Runs `job` and returns what it found.
    ///
    /// - Parameters:
    ///   - settings: columns, blocking rules, comparisons and thresholds (defaults: Swedish persons).
    ///   - model: a saved model to use instead of training one.
    ///   - readOptions: how sources are read (strictness, column overrides, role inference); its
    ///     `workers` are replaced by the context's, and `settings.columns` add overrides it lacks.
    ///   - context: workers, progress, cancellation and logger.
    /// - Throws: `RunCancelled` when the context's token is cancelled (no result exists then), the
    ///   sources' read errors.
    /// - Complexity: O(records + candidate pairs) time and memory; about 600 bytes per record.
    public static func run(
        _ job: MatchJob, settings: MatchSettings = MatchSettings(), model: MatchModel? = nil,
        readOptions: ReadOptions = ReadOptions(), context: RunContext = RunContext()
    ) throws -> MatchResult {
        try CancellationScope.$token.withValue(context.cancellation) {
            var clock = StageClock()
            let stores = try read(job, settings: settings, options: readOptions, context: context)
            let settings = adapt(settings, to: stores, context: context)
            let readTime = clock.lap()
            let features = try buildFeatures(stores, settings: settings, context: context)
            let featureTime = clock.lap()
            var output = try match(
                features, settings: settings, model: model, linkOnly: job.kind == .link, context: context)
            output.report.recordInputStages(read: readTime, features: featureTime)
            context.logger.info(
                "run finished",
                metadata: [
                    "records": "\(output.report.records)", "candidates": "\(output.report.candidatePairs)",
                    "matches": "\(output.report.matchPairs)", "clusters": "\(output.report.multiRecordClusters)",
                ])
            return MatchResult(kind: job.kind, stores: stores, output: output, settings: settings)
        }
    }

    /// The read step: every source of `job` as a store (package API for the benchmark harness).
    package static func read(
        _ job: MatchJob, settings: MatchSettings, options: ReadOptions, context: RunContext
    ) throws -> [RecordStore] {
        var o = options
        o.workers = context.workers
        for (k, v) in settings.columns {
            if let role = FieldRole(rawValue: k), o.columnOverrides[role] == nil { o.columnOverrides[role] = v }
        }
        let sources = job.sources
        var stores: [RecordStore] = []
        var clock = StageClock()
        for (i, source) in sources.enumerated() {
            context.emit(.read, done: i, total: sources.count)
            do {
                stores.append(try source.recordStore(o))
            } catch ReadError.cancelled {
                throw RunCancelled(stage: ProgressEvent.Stage.read.rawValue)
            }
            try context.checkCancellation(.read)
        }
        let unnamed = stores.flatMap(settings.declaredColumnProblems)
        if !unnamed.isEmpty { throw SettingsError(problems: unnamed) }
        let rows = stores.reduce(0) { $0 + $1.rowCount }
        let issues = stores.reduce(0) { $0 + $1.issues.total }
        let t = clock.lap()
        context.logger.debug("read", metadata: ["rows": "\(rows)", "seconds": "\(t)"])
        context.emit(
            .read, done: sources.count, total: sources.count,
            "read: \(stores.map { String($0.rowCount) }.joined(separator: " + ")) rows in \(RunReport.ms(t))"
                + (issues == 0 ? "" : ", \(issues) row issue(s)"))
        return stores
    }

    /// The settings for what the register holds: the preset (person or company) chosen from the first
    /// source's columns, unless the settings name one, with the parts the settings leave out filled in
    /// (`MatchSettings.adapted(to:)`). Package API for the benchmark harness.
    package static func adapt(_ settings: MatchSettings, to stores: [RecordStore], context: RunContext) -> MatchSettings {
        let (adapted, choice) = settings.adapted(to: stores[0])
        context.emit(.read, done: stores.count, total: stores.count, "preset: \(choice.preset.rawValue) (\(choice.reason))")
        return adapted
    }

    /// The feature step: normalised features of every store, source `i` tagged `i` (package API).
    package static func buildFeatures(
        _ stores: [RecordStore], settings: MatchSettings, context: RunContext
    ) throws -> FeatureTable {
        var clock = StageClock()
        let total = stores.reduce(0) { $0 + $1.rowCount }
        context.emit(.features, done: 0, total: total)
        var features = FeatureBuilder.build(stores[0], workers: context.workers, source: 0, settings: settings)
        for (i, store) in stores.enumerated().dropFirst() {
            try context.checkCancellation(.features)
            features.append(
                contentsOf: FeatureBuilder.build(store, workers: context.workers, source: UInt8(i), settings: settings))
        }
        try context.checkCancellation(.features)
        let t = clock.lap()
        context.emit(
            .features, done: total, total: total,
            "features: \(Int(Double(total) / max(t, 1e-9) / 1000)) k records/s")
        return features
    }

    /// The matching step: block, compare, train, score and cluster `features` (deduplicate, or with
    /// `linkOnly` link sources 0 and 1). Package API: the benchmark harness calls it with `scored`.
    /// - Parameters:
    ///   - model: a saved model to use instead of training one.
    ///   - scored: called once with every candidate pair, the blocking rule that generated it and its
    ///     match weight, before pairs below the review threshold are dropped (the benchmark harness
    ///     measures pair completeness and the threshold sweep from it). Not retained.
    package static func match(
        _ features: FeatureTable, settings: MatchSettings, model given: MatchModel? = nil,
        linkOnly: Bool = false, context: RunContext,
        scored: ((_ pairs: [UInt64], _ rules: [UInt8], _ weights: [Float]) -> Void)? = nil
    ) throws -> Output {
        try CancellationScope.$token.withValue(context.cancellation) {
            try _match(features, settings: settings, model: given, linkOnly: linkOnly, context: context, scored: scored)
        }
    }

    private static func _match(
        _ features: FeatureTable, settings: MatchSettings, model given: MatchModel?,
        linkOnly: Bool, context: RunContext,
        scored: ((_ pairs: [UInt64], _ rules: [UInt8], _ weights: [Float]) -> Void)?
    ) throws -> Output {
        let workers = context.workers
        let n = features.count
        var report = RunReport()
        report.records = features.count
        report.workers = workers
        report.matchThreshold = settings.matchThreshold
        report.reviewThreshold = settings.reviewThreshold
        var clock = StageClock()

        // 1. Blocking.
        context.emit(.blocking, done: 0, total: n)
        let generator = CandidateGenerator(
            rules: settings.blockingRules, maxBucket: settings.maxBucket,
            window: settings.window, linkOnly: linkOnly)
        var candidates = generator.generate(features, workers: workers)
        report.blocking = candidates.report
        report.candidatePairs = candidates.pairs.count
        try context.checkCancellation(.blocking)
        report.time("blocking", clock.lap())
        if let warning = Self.noBlockingWarning(features, candidates.report) {
            report.warnings.append(warning)
            context.logger.warning("\(warning)")
        }
        for line in candidates.report.lines() { context.emit(.blocking, done: 0, total: n, line) }
        context.emit(
            .blocking, done: n, total: n,
            "blocking: \(candidates.pairs.count) pairs in \(RunReport.ms(report.seconds["blocking"]!))")

        // 2. Comparison.
        context.emit(.compare, done: 0, total: candidates.pairs.count)
        var records: CompareRecords? = CompareRecords(features, workers: workers)
        let levels = features.compareAll(
            candidates.pairs, specs: given?.comparisons ?? settings.comparisons, records: records, workers: workers)
        try context.checkCancellation(.compare)
        let masks = candidates.masks
        candidates.masks = []
        let cmpTime = clock.lap()
        report.time("compare", cmpTime)
        context.emit(
            .compare, done: levels.count, total: levels.count,
            "compare: \(levels.count) pairs, \(Int(Double(levels.count) / max(cmpTime, 1e-9) / 1e6)) M pairs/s")

        // 3. Training (or the given model).
        context.emit(.train, done: 0, total: 1)
        let model: MatchModel
        if var given {
            // Block sessions apply by rule index: keep only those whose rule is the same in these settings.
            let rules = settings.blockingRules
            let kept = (given.blockU ?? []).filter { $0.rule < rules.count && rules[$0.rule].name == $0.ruleName }
            if kept.count != (given.blockU ?? []).count {
                context.emit(
                    .train, done: 0, total: 1,
                    "model: \((given.blockU ?? []).count - kept.count) block session(s) dropped (their rules differ)")
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
            try context.checkCancellation(.train)
            if let reason = training.fallback {
                let warning = "the model was not trained: \(reason); safe default parameters were used"
                report.warnings.append(warning)
                context.logger.warning("\(warning)")
            }
            context.emit(
                .train, done: 1, total: 1,
                "train: \(histogram.levels.count) distinct patterns, \(training.sessions.count) EM sessions")
        }
        records = nil
        report.describe(model)
        report.time("train", clock.lap())

        // 4. Scoring; keep pairs at or above the review threshold.
        context.emit(.score, done: 0, total: levels.count)
        let tables = MaskedWeightTables(model: model)
        let tf = PairScorer.TermFrequencyColumns.compute(features, comparisons: model.comparisons, workers: workers)
        let weights = PairScorer.score(
            pairs: candidates.pairs, levels: levels, masks: masks, tables: tables, tf: tf,
            workers: workers)
        try context.checkCancellation(.score)
        scored?(candidates.pairs, candidates.rule, weights)
        report.weightHistogram = WeightHistogram(
            weights: weights, reviewThreshold: settings.reviewThreshold, matchThreshold: settings.matchThreshold)
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
        context.emit(.score, done: levels.count, total: levels.count)

        // 5. Clustering (link mode: each A record's best B match instead of transitive clusters).
        context.emit(.cluster, done: 0, total: keptPairs.count)
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
            identities: ClusterIdentities(features), conflicts: settings.conflictRules, workers: workers)
        report.count(clustering, records: features.count)
        try context.checkCancellation(.cluster)
        report.time("cluster", clock.lap())
        for stage in report.stages { context.logger.debug("stage", metadata: [stage: "\(report.seconds[stage] ?? 0)"]) }
        context.emit(
            .cluster, done: keptPairs.count, total: keptPairs.count,
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
package struct StageClock {
    package init() {}
    package var last = DispatchTime.now().uptimeNanoseconds
    package mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}
