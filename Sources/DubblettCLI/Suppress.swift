import ArgumentParser
import Dubblett
import DubblettDatasets
import Foundation

/// `dubblett suppress`: NIX-tvätt, flag the rows whose phone is on a do-not-call list.
struct Suppress: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Flag every row whose phone is on a do-not-call list (NIX-Telefon wash).",
        discussion: """
            The list has one number per line in any common format (070-123 45 67, +46701234567, 0701234567, 0046 8 123 456 78); blank lines and lines starting with # are skipped, and every other line that is not a phone number is reported by its line number in list-problems.csv. Numbers are compared after the same normalisation the engine uses for matching, so the formats of list and register need not agree. The register's phone column and its backups (Mobil after Telefon, Telefon 2) are all checked.

            Writes into --out: washed.csv (every input row and column, then nix = 1 or 0, nix_column = the column whose number is on the list, nix_wash_date), list-problems.csv (line, reason) and summary.json (rows, rows with a phone, flagged rows per column, list lines, numbers, distinct numbers, unusable lines, the wash date). No phone number is printed.

            NIX blocks reach every company within two to three months of registration: wash again before every calling campaign and keep the wash date.

            Example:
              dubblett suppress datasets/sample/care-register.csv --nix datasets/sample/nix.txt --out out/nix
            """
    )

    @Argument(help: "The register (CSV).")
    var register: String

    @Option(name: .long, help: ArgumentHelp("The do-not-call list: one phone number per line.", valueName: "file"))
    var nix: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the output files (created if missing).", valueName: "dir"))
    var out: String = "dubblett-suppress"

    @Option(name: .long, help: ArgumentHelp("The wash date written to flagged rows (default: today, YYYY-MM-DD).", valueName: "date"))
    var washDate: String?

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var workers: Int?

    func validate() throws {
        if let workers, !(1...Parallel.maxWorkers).contains(workers) {
            throw ValidationError("--workers must be between 1 and \(Parallel.maxWorkers) (got \(workers))")
        }
        if let washDate, case .invalid = DateParser.parse(washDate) {
            throw ValidationError("--wash-date \(washDate): not a date; write it as YYYY-MM-DD")
        }
    }

    func run() throws { try CareExit.reporting(runChecked) }

    func runChecked() throws {
        let start = ContinuousClock.now
        let workers = self.workers ?? Parallel.defaultWorkers
        let store = try CSVReader.read(path: register, options: ReadOptions(workers: workers))
        guard store.column(for: .phone) != nil else {
            throw CareExit.badData("\(register): no phone column (headers: "
                + store.columns.map(\.name).joined(separator: ", ") + "); name it with --column phone=HEADER in dubblett inspect")
        }
        let list = try NixSuppression.loadList(path: nix)
        let date = washDate ?? {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(identifier: "UTC")
            f.dateFormat = "yyyy-MM-dd"
            return f.string(from: Date())
        }()
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CareExit.cannotCreate(out, error.localizedDescription)
        }
        let s = try NixSuppression.run(register: store, list: list, washDate: date, directory: out, workers: workers)
        let d = ContinuousClock.now - start
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        if store.issues.excludedRows > 0 {
            let message = "\(register): \(store.issues.excludedRows) unusable rows skipped "
                + "(see dubblett inspect); they are not in washed.csv\n"
            FileHandle.standardError.write(Data(message.utf8))
        }
        let shown = list.unparseable.prefix(10).map { String($0.line) }.joined(separator: ", ")
        print("""
            suppress           \(s.rows) rows (\(s.rowsWithPhone) with a phone) against \(s.listDistinctNumbers) \
            distinct numbers in \(String(format: "%.2f", seconds)) s
            flagged            \(s.flagged) rows on the list (\(s.phoneColumns.map { "\($0): \(s.flaggedByColumn[$0] ?? 0)" }.joined(separator: ", "))), wash date \(s.washDate)
            list               \(s.listLines) lines, \(s.listNumbers) numbers, \(s.listUnparseableLines) unusable\
            \(s.listUnparseableLines > 0 ? " (lines \(shown)\(s.listUnparseableLines > 10 ? ", …" : ""); all in list-problems.csv)" : "")
            output             \(out)/ (washed.csv, list-problems.csv, summary.json)
            """)
    }
}
