import Dubblett
import DubblettEvaluation

/// What a run report shows, aggregated: counts, histograms, the model, blocking, validation, the
/// threshold curve and a few explained pairs. Never one entry per record or per pair, so a report of a
/// 10 M-row run is as small as one of a 10-row run (only `examples` grows with the fields compared).
///
/// Built from a result directory (`load(directory:options:)`) or any caller that fills it (the server
/// later, from a stored register). `ReportHTML` renders it.
public struct ReportData: Sendable {
    /// One pair explained field by field, for the waterfall.
    public struct PairExample: Sendable, Equatable {
        /// The register's ids of the two records (as the result's pair files list them).
        public var idA: String
        public var idB: String
        public var weight: Double
        public var decision: MatchResult.Decision
        public var rule: String
        /// Per compared field: its name, the level reached and the weight it adds.
        public var fields: [(field: String, level: String, weight: Double)]

        public static func == (a: PairExample, b: PairExample) -> Bool {
            a.idA == b.idA && a.idB == b.idB && a.weight == b.weight && a.decision == b.decision && a.rule == b.rule
                && a.fields.map(\.field) == b.fields.map(\.field) && a.fields.map(\.level) == b.fields.map(\.level)
                && a.fields.map(\.weight) == b.fields.map(\.weight)
        }
    }

    /// Pairs a blocking rule generated and what became of them.
    public struct RuleCount: Sendable, Equatable {
        public var rule: String
        /// Candidate pairs the rule generated (from the run summary; `nil` when it is missing).
        public var candidates: Int?
        public var matches: Int
        public var review: Int
    }

    /// The validation of the register's columns (`dubblett validate --json`, or a run's summary).
    public struct Validation: Codable, Sendable {
        public var rows: Int
        public var rowsWithFindings: Int
        public var columns: [ColumnValidation]

        public init(rows: Int, rowsWithFindings: Int, columns: [ColumnValidation]) {
            self.rows = rows
            self.rowsWithFindings = rowsWithFindings
            self.columns = columns
        }
    }

    /// `dedupe` or `link`.
    public var kind: MatchResult.Kind = .dedupe
    /// The input as the run summary names it.
    public var input: String?
    /// The run summary's report (counts, seconds per stage, blocking, model), when it could be read.
    public var run: RunReport?
    /// The truth evaluation the run summary holds (dedupe with `--truth`).
    public var truth: EvaluationReport?
    /// Result files that were looked for and not found, and why other parts are missing.
    public var missing: [String] = []
    /// Problems met while reading the result (shown in the report).
    public var notes: [String] = []

    /// Clusters of each size (size → clusters), singletons included; `nil` without clusters.
    public var clusterSizes: [Int: Int]?
    /// Pairs by weight and decision: every candidate pair when the summary holds the engine's histogram,
    /// else the pairs at or above the review threshold from the pair files.
    public var weights: WeightHistogram?
    /// Whether `weights` includes the pairs below the review threshold.
    public var weightsIncludeNonMatches = false
    /// Matches and review pairs.
    public var matchPairs = 0
    public var reviewPairs = 0
    /// Per blocking rule, in the run's rule order.
    public var rules: [RuleCount] = []
    /// Refused links by reason (`splits.csv`).
    public var splitsByReason: [String: Int]?
    /// Explained pairs for the waterfall: the ones closest to the match threshold, at most `exampleLimit`.
    public var examples: [PairExample] = []
    /// Precision, recall and F1 of the listed pairs across thresholds (with a truth).
    public var curve: ThresholdSweep?
    /// Per-column findings of the register's validation.
    public var validation: Validation?

    /// Most pairs a report explains (each shows two record ids, which the pair files already hold).
    public static let exampleLimit = 50

    public init() {}
}
