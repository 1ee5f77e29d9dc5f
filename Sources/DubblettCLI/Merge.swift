import ArgumentParser
import Dubblett
import Foundation

/// `dubblett merge`: golden records, one per cluster of duplicates.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Merge each cluster of duplicates into one golden record, field by field.",
        discussion: """
            Takes the register and the clusters of a dedupe run (clusters.csv: id,cluster_id; a truth file id,entity_id works too). For every field of a cluster the golden value is chosen by these rules, in order: a valid value beats an invalid one (personnummer, phone, e-mail, postal code, birth date) and a filled one an empty one; when the register has a date column (uppdaterad, ändrad, updated, registrerad, … or --date-column) the latest-dated records win; then the value most records share; then the value of the most complete record (most filled fields), then of the earliest row. The golden record keeps the id of the cluster's most complete record, its survivor.

            Writes into --out: golden.csv (golden_id, every input column, cluster_size; one row per cluster in the order of each cluster's first record), sources.csv (golden_id, column, source_id, source_line, rule for every field of a merged cluster), mapping.csv (every input id and the golden id it survives in) and summary.json. Rows of the register the clusters file does not list are golden records of their own, counted. No field value is printed.

            Example:
              dubblett dedupe datasets/sample/register.csv --out out/sample
              dubblett merge datasets/sample/register.csv --clusters out/sample/clusters.csv --out out/merged
            """
    )

    @Argument(help: "The register (CSV) that was deduplicated.")
    var register: String

    @Option(name: .long, help: ArgumentHelp("The clusters: id,cluster_id (dedupe's clusters.csv).", valueName: "file"))
    var clusters: String

    @Option(name: .long, help: ArgumentHelp("The column whose date says how recent a record is (by header).", valueName: "header"))
    var dateColumn: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the output files (created if missing).", valueName: "dir"))
    var out: String = "dubblett-merged"

    func run() throws { try CareExit.reporting(runChecked) }

    func runChecked() throws {
        let store = try CSVReader.read(path: register)
        let clusterFile = try CSVReader.read(path: clusters)
        var dateIndex: Int?
        if let dateColumn {
            guard let c = store.column(named: dateColumn) else {
                throw CareExit.usage("--date-column \(dateColumn): \(register) has no such column (headers: "
                    + store.columns.map(\.name).joined(separator: ", ") + ")")
            }
            dateIndex = c
        }
        let (clusterOf, missing): ([Int], Int)
        do {
            (clusterOf, missing) = try GoldenRecords.clusters(of: store, from: clusterFile)
        } catch let e as CareError {
            throw CareExit.badData(e.message)
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CareExit.cannotCreate(out, error.localizedDescription)
        }
        let s = try GoldenRecords.merge(
            store, clusterOf: clusterOf, dateColumn: dateIndex, directory: out, notInClusters: missing)
        print("""
            merge              \(s.rows) records into \(s.clusters) golden records (\(s.multiRecordClusters) merged from \
            \(s.recordsMerged) records); \(missing) records not in the clusters file kept as they are
            rules              \(s.fieldsByRule.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))\
            \(s.dateColumn.map { "; date column \($0)" } ?? "; no date column")
            output             \(out)/ (golden.csv, sources.csv, mapping.csv, summary.json)
            """)
    }
}
