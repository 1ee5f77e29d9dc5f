import Dubblett
import Foundation

/// How close a predicted clustering is to the truth: pairwise and B-cubed scores, sizes, and the worst
/// mistakes (record ids only) for a person to look at.
public struct EvaluationReport: Sendable, Codable, Equatable {
    /// Precision, recall and their harmonic mean.
    public struct Scores: Sendable, Codable, Equatable {
        /// Share of what was predicted that is true.
        public var precision: Double
        /// Share of what is true that was predicted.
        public var recall: Double
        /// Harmonic mean of precision and recall.
        public var f1: Double

        /// Scores from precision and recall; F1 is 0 when both are 0.
        public init(precision: Double, recall: Double) {
            self.precision = precision
            self.recall = recall
            f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        }
    }

    /// A predicted cluster that joins records of several true persons.
    public struct FalseMerge: Sendable, Codable, Equatable {
        /// The predicted cluster's label.
        public var cluster: String
        /// Records in the cluster.
        public var size: Int
        /// Pairs in the cluster whose records belong to different persons.
        public var wrongPairs: Int
        /// The cluster's record ids grouped by true person (largest group first; lists capped).
        public var groups: [[String]]
    }

    /// A true person whose records the prediction spread over several clusters.
    public struct Split: Sendable, Codable, Equatable {
        /// The person's entity id in the truth.
        public var entity: String
        /// Records of the person.
        public var size: Int
        /// Pairs of the person's records that the prediction did not put together.
        public var missedPairs: Int
        /// The person's record ids grouped by predicted cluster (largest group first; lists capped).
        public var groups: [[String]]
    }

    /// Scores of a predicted pair list taken as it is (before closing it into clusters).
    public struct ListedPairs: Sendable, Codable, Equatable {
        /// Distinct pairs listed whose two ids are both in the truth.
        public var pairs: Int
        /// Listed pairs whose records are the same person.
        public var correct: Int
        /// `correct / pairs` and `correct / truePairs`.
        public var scores: Scores
    }

    /// Records evaluated (the rows of the truth).
    public var records = 0
    /// Distinct true persons.
    public var trueEntities = 0
    /// Predicted clusters, singletons included.
    public var predictedClusters = 0
    /// Predicted clusters of two or more records.
    public var predictedMultiClusters = 0
    /// Size of the largest predicted cluster.
    public var largestPredictedCluster = 0
    /// Size of the largest true person.
    public var largestTrueEntity = 0
    /// Pairs of records that are the same person.
    public var truePairs = 0
    /// Pairs of records the prediction puts in one cluster.
    public var predictedPairs = 0
    /// Pairs in both.
    public var correctPairs = 0
    /// Pairwise scores: `correctPairs / predictedPairs`, `correctPairs / truePairs`. Precision is 1 when
    /// nothing is predicted; recall is 1 when there is nothing to find.
    public var pairwise = Scores(precision: 1, recall: 1)
    /// B-cubed scores (Bagga & Baldwin 1998): per record, the share of its predicted cluster that is
    /// its person (precision) and the share of its person in its predicted cluster (recall), averaged.
    public var bcubed = Scores(precision: 1, recall: 1)
    /// The predicted clusters with the most wrong pairs.
    public var worstFalseMerges: [FalseMerge] = []
    /// The true persons with the most missed pairs.
    public var worstMissedPairs: [Split] = []
    /// Ids in the prediction that the truth does not have (ignored).
    public var idsMissingFromTruth = 0
    /// A few of those ids, to look at.
    public var sampleIdsMissingFromTruth: [String] = []
    /// Ids listed more than once in a cluster prediction with different clusters (the first is kept).
    public var conflictingPredictedIds = 0
    /// Ids listed more than once in the truth (the first is kept).
    public var duplicateTruthIds = 0
    /// Rows of the truth file the reader could not use (ragged, bad quoting, …): not evaluated.
    public var excludedTruthRows = 0
    /// Rows of the predicted file the reader could not use: their ids or pairs are not counted.
    public var excludedPredictedRows = 0
    /// For pair input: the listed pairs scored as they are.
    public var listedPairs: ListedPairs?

    /// An empty report.
    public init() {}
}

extension EvaluationReport {
    /// A warning when the reader left rows of the truth or predicted file out, else `nil`.
    public var excludedRowsWarning: String? {
        guard excludedTruthRows > 0 || excludedPredictedRows > 0 else { return nil }
        return "warning: the reader could not use \(excludedTruthRows) truth rows and \(excludedPredictedRows) "
            + "predicted rows (ragged, bad quoting, ...); they are not in the scores. "
            + "Run `dubblett inspect` on the files to see the lines."
    }
}

extension EvaluationReport: CustomStringConvertible {
    /// A short, aligned plain-text report for a terminal.
    public var description: String {
        func pct(_ v: Double) -> String { String(format: "%6.2f %%", v * 100) }
        var lines: [String] = []
        lines.append("records                 \(records)")
        lines.append("true persons            \(trueEntities) (largest \(largestTrueEntity) records)")
        lines.append("predicted clusters      \(predictedClusters) (\(predictedMultiClusters) with 2+ records, largest \(largestPredictedCluster))")
        lines.append("pairs  true \(truePairs)  predicted \(predictedPairs)  correct \(correctPairs)")
        lines.append("")
        lines.append("                 precision    recall        F1")
        lines.append("pairwise         \(pct(pairwise.precision))  \(pct(pairwise.recall))  \(pct(pairwise.f1))")
        lines.append("B-cubed          \(pct(bcubed.precision))  \(pct(bcubed.recall))  \(pct(bcubed.f1))")
        if let listed = listedPairs {
            lines.append("listed pairs     \(pct(listed.scores.precision))  \(pct(listed.scores.recall))  \(pct(listed.scores.f1))   (\(listed.pairs) pairs, \(listed.correct) correct)")
        }
        if idsMissingFromTruth > 0 {
            lines.append("")
            lines.append("warning: \(idsMissingFromTruth) predicted ids are not in the truth and were ignored, e.g. \(sampleIdsMissingFromTruth.prefix(5).joined(separator: ", "))")
        }
        if conflictingPredictedIds > 0 {
            lines.append("warning: \(conflictingPredictedIds) ids appear in more than one predicted cluster (first kept)")
        }
        if duplicateTruthIds > 0 {
            lines.append("warning: \(duplicateTruthIds) ids appear more than once in the truth (first kept)")
        }
        if let warning = excludedRowsWarning { lines.append(warning) }
        if !worstFalseMerges.isEmpty {
            lines.append("")
            lines.append("worst false merges (record ids grouped by true person):")
            for m in worstFalseMerges {
                lines.append("  cluster \(m.cluster): \(m.size) records, \(m.wrongPairs) wrong pairs: "
                    + m.groups.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: " "))
            }
        }
        if !worstMissedPairs.isEmpty {
            lines.append("")
            lines.append("worst missed pairs (record ids of one person grouped by predicted cluster):")
            for s in worstMissedPairs {
                lines.append("  person \(s.entity): \(s.size) records, \(s.missedPairs) missed pairs: "
                    + s.groups.map { "[" + $0.joined(separator: " ") + "]" }.joined(separator: " "))
            }
        }
        return lines.joined(separator: "\n")
    }
}
