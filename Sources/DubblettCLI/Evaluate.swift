import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import Foundation

/// `dubblett evaluate`: how right a predicted clustering is, against a truth file.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score predicted clusters or pairs against a truth file (id,entity_id).",
        discussion: """
            PREDICTED is either clusters (id,cluster_id per record; records not listed are singletons) or \
            pairs (id_a,id_b per predicted duplicate pair; detected from the header, or say --pairs). \
            Reports pairwise precision/recall/F1 (counted from cluster sizes), B-cubed precision/recall/F1, \
            cluster counts and sizes, and the worst false merges and missed pairs by record id.

            The truth's header must name its columns: id (or record_id, row_id, rec_id) and entity_id (or \
            entity, cluster_id, person_id, true_id, match_id). A header such as foo,bar is an error rather than \
            being read by position; only a truth without a header line (its first line is data) is read as id, \
            entity_id. A truth without records is an error too: it would score any prediction 100 %.

            Example:
              dubblett generate --rows 10000 --output datasets/generated/s
              dubblett evaluate clusters.csv datasets/generated/s/truth.csv

            Exit status: 0 scored, 64 bad options, 65 a file cannot be used (no records, unrecognised header, \
            unreadable data), 66 a file is missing, 74 a file changed while it was read.
            """
    )

    @Argument(help: "Predicted clusters (id,cluster_id) or pairs (id_a,id_b).")
    var predicted: String

    @Argument(help: "Truth file (id,entity_id), as written by `dubblett generate`.")
    var truth: String

    @Flag(name: .long, help: "Read PREDICTED as pairs whatever its header says.")
    var pairs = false

    @Flag(name: .long, help: "Read PREDICTED as clusters whatever its header says.")
    var clusters = false

    @Flag(name: .long, help: "Print the report as JSON (for tools).")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "How many worst false merges and missed pairs to list (0 to 100000).")
    var examples: Int = Evaluation.defaultExamples

    func validate() throws {
        if pairs && clusters { throw ValidationError("give --pairs or --clusters, not both") }
        if !(0...CLILimits.maxExamples).contains(examples) {
            throw ValidationError("--examples must be from 0 to \(CLILimits.maxExamples) (got \(examples))")
        }
    }

    func run() throws {
        let kind: PredictionKind? = pairs ? .pairs : clusters ? .clusters : nil
        var evaluated: EvaluationReport?
        try ExitCodes.reporting {
            evaluated = try Evaluation.evaluate(predictedPath: predicted, truthPath: truth, kind: kind,
                                                examples: examples)
        }
        guard let report = evaluated else { return }
        if json {
            if let warning = report.excludedRowsWarning {
                FileHandle.standardError.write(Data((warning + "\n").utf8))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report)
        }
    }
}
