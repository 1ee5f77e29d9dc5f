/// What a matching run did: counts per stage, time per stage, the model's provenance.
public struct RunReport: Codable, Sendable {
    public var records: Int = 0
    public var workers: Int = 1
    public var candidatePairs: Int = 0
    public var matchPairs: Int = 0
    public var reviewPairs: Int = 0
    public var clusters: Int = 0
    public var multiRecordClusters: Int = 0
    public var recordsInMultiRecordClusters: Int = 0
    public var largestCluster: Int = 0
    /// Pairs of final clusters the chaining guard kept apart (a bridge of too few or too weak links),
    /// counted once each with the reason of their first refusal.
    public var chainingSplits: Int = 0
    /// Pairs of final clusters kept apart because they hold contradicting identities (personnummer,
    /// birth date, mobile number with first name), counted likewise.
    public var conflictSplits: Int = 0
    public var matchThreshold: Double = 0
    public var reviewThreshold: Double = 0
    public var priorWeight: Double = 0
    public var seconds: [String: Double] = [:]
    /// Stage names in run order (the keys of `seconds`).
    public var stages: [String] = []
    public var blocking = BlockingReport()
    public var training: ModelTrainer.Report?
    public var model: [FieldSummary] = []
    public var linkedRecords: Int?
    /// Every candidate pair by match weight and decision (for the run report's histogram).
    public var weightHistogram: WeightHistogram?
    /// What the user must know about this run's results (training fell back to defaults, no rule applied).
    public var warnings: [String] = []

    /// One field of the model, for the summary.
    public struct FieldSummary: Codable, Sendable {
        public var field: String
        public var levels: [String]
        public var m: [Double]
        public var u: [Double]
        public var weight: [Double]
        public var mSource: String
    }

    public init() {}

    /// Puts the read and feature stages in front of the matching stages.
    /// Records the model: its prior weight and each comparison's levels, m, u and weights.
    mutating func describe(_ model: MatchModel) {
        priorWeight = model.priorWeight
        let lw = model.levelWeights
        self.model = model.comparisons.indices.map { i in
            FieldSummary(
                field: model.comparisons[i].name, levels: model.comparisons[i].field.levelNames,
                m: model.m[i], u: model.u[i], weight: lw[i], mSource: model.mSource[i])
        }
    }

    /// Records the clusters of `clustering` over `count` records and the links its guards refused.
    mutating func count(_ clustering: ClusterBuilder.Result, records count: Int) {
        let chaining = clustering.splitReasons.filter { $0 == .chaining }.count
        chainingSplits = chaining
        conflictSplits = clustering.splits.count - chaining
        clusters = 0
        recordsInMultiRecordClusters = 0
        largestCluster = 0
        for i in 0..<count where clustering.labels[i] == Int32(i) {
            clusters += 1
            let s = Int(clustering.sizes[i])
            if s >= 2 { recordsInMultiRecordClusters += s }
            largestCluster = max(largestCluster, s)
        }
        multiRecordClusters = clustering.multiRecordClusters
    }

    mutating func recordInputStages(read: Double, features: Double) {
        seconds["read"] = read
        seconds["features"] = features
        stages.insert(contentsOf: ["read", "features"], at: 0)
    }

    /// Records the duration of a stage.
    public mutating func time(_ stage: String, _ seconds: Double) {
        if self.seconds[stage] == nil { stages.append(stage) }
        self.seconds[stage, default: 0] += seconds
    }

    /// The summary as text lines for a terminal.
    public func lines() -> [String] {
        var out: [String] = []
        out.append("records            \(records)")
        out.append("candidate pairs    \(candidatePairs)")
        out.append("matches            \(matchPairs) pairs (weight ≥ \(matchThreshold))")
        out.append("review band        \(reviewPairs) pairs (\(reviewThreshold) ≤ weight < \(matchThreshold))")
        out.append(
            "clusters           \(clusters) (\(multiRecordClusters) with 2+ records holding "
                + "\(recordsInMultiRecordClusters) records; largest \(largestCluster))")
        if let l = linkedRecords { out.append("linked records     \(l)") }
        for w in warnings { out.append("warning            \(w)") }
        out.append("refused links      \(chainingSplits) by the chaining guard, \(conflictSplits) for conflicting identities")
        let total = stages.reduce(0.0) { $0 + (seconds[$1] ?? 0) }
        out.append(
            "time               " + stages.map { "\($0) \(Self.ms(seconds[$0] ?? 0))" }.joined(separator: ", ")
                + "; total \(Self.ms(total))")
        return out
    }

    static func ms(_ s: Double) -> String {
        s < 1 ? "\(Int((s * 1000).rounded())) ms" : "\((s * 100).rounded() / 100) s"
    }
}
