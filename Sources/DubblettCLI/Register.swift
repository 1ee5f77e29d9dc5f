import ArgumentParser
import Dubblett
import DubblettStore
import Foundation

/// `dubblett register`: a register kept in one store file, matched batch by batch.
struct Register: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Keep a register in one store file: match new batches against it, keep cluster ids, erase on request.",
        discussion: """
            A register store is one SQLite file holding the records, their normalised features, the model, the scored pairs, clusters with stable ids, decisions and the history of batches. Start it with `init` (a full dedupe), then bring each update with `add`: only the new and changed records are matched, against the stored register with the stored model.

            Cluster ids are stable: a cluster keeps its id while it keeps members; when clusters merge the oldest id survives; when one splits, the larger part keeps it. Every change is an event (created, joined, left, merged, split, dissolved, removed) with its batch, so another system can follow the register.

            Safety: every batch is one transaction, so a kill at any moment leaves the store at the previous or the next batch. One process at a time may change a store; another gets exit 75 (in use). Field values are written only into the store file.

            Examples:
              dubblett register init kunder.dubblett --from kunder.csv
              dubblett register add kunder.dubblett vecka-49.csv
              dubblett register remove kunder.dubblett --ids radera.txt
              dubblett register decide kunder.dubblett --file beslut.csv
              dubblett register export kunder.dubblett --out resultat
              dubblett register status kunder.dubblett

            Exit codes: 0 done, 64 bad options (or init on a store that holds a register, add before init), 65 unusable data (no id column, repeated or empty ids, columns that differ from the register's), 66 a missing file or store, 73 a store or output that cannot be created, 74 an I/O or database failure (the store is as it was), 75 the store is in use by another process.
            """,
        subcommands: [RegisterInit.self, RegisterAdd.self, RegisterRemove.self, RegisterDecide.self, RegisterExport.self, RegisterStatusCommand.self]
    )
}

/// Runs a register command body: store errors become their message and exit code.
private func reportingStore(_ body: () throws -> Void) throws {
    try ExitCodes.reporting {
        do {
            try body()
        } catch let e as RegisterStoreError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(e.exitCode)
        }
    }
}

private func printSummary(_ s: BatchSummary) {
    print(
        "batch              #\(s.batch) \(s.kind): \(s.rows) rows (\(s.excluded) excluded by the reader), \(s.inserted) new, "
            + "\(s.updated) updated, \(s.unchanged) unchanged, \(s.removed) removed")
    print("matching           \(s.candidates) candidate pairs, \(s.newPairs) new pairs at or above the review threshold")
    let kinds = s.eventCounts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    print("events             \(s.events)\(kinds.isEmpty ? "" : " (\(kinds))")")
    let stages = s.stageSeconds.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }
    print(
        "time               \(String(format: "%.3f", s.seconds)) s (open to commit)"
            + (stages.isEmpty ? "" : "; \(stages.joined(separator: ", "))"))
}

struct RegisterInit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a register store from a register: full dedupe, then records, model and clusters are stored.",
        discussion: """
            Runs the same dedupe as `dubblett dedupe` (settings, model and thresholds as there) and stores the result in STATE, a new file. The register needs an id column: later batches update records by id.
            """)

    @Argument(help: "The store file to create (it must not exist).")
    var state: String

    @Option(name: .long, help: ArgumentHelp("The register to start from (CSV).", valueName: "file"))
    var from: String

    @Option(name: .long, help: ArgumentHelp("Settings file (JSON or YAML), as for dedupe.", valueName: "file"))
    var settings: String?

    @Option(name: .long, help: ArgumentHelp("Use this saved model instead of training one.", valueName: "file"))
    var model: String?

    @OptionGroup var read: ReadOptionGroup

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    func run() throws {
        try reportingStore {
            let s = try settings.map { try MatchSettings.load(from: $0) } ?? MatchSettings()
            let problems = s.problems()
            if !problems.isEmpty { throw SettingsError(problems: problems) }
            let model = try self.model.map { try MatchModel.load(from: $0) }
            guard FileManager.default.fileExists(atPath: from) else { throw ReadError.fileNotFound(path: from) }
            let existed = FileManager.default.fileExists(atPath: state)
            let store = try RegisterStore(path: state, mode: .create)
            do {
                let summary = try store.initialise(
                    from: CSVFile(path: from), settings: s, model: model, readOptions: try read.readOptions(),
                    context: registerContext(workers: read.workers, quiet: quiet))
                printSummary(summary)
            } catch {
                // Nothing was committed: leave no half-made store behind (only a file this run created).
                guard !existed else { throw error }
                try? FileManager.default.removeItem(atPath: state)
                try? FileManager.default.removeItem(atPath: state + "-wal")
                try? FileManager.default.removeItem(atPath: state + "-shm")
                throw error
            }
        }
    }
}

struct RegisterAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Insert or update records by id and match only them against the stored register.",
        discussion: """
            NEW must have the register's columns (any order). A record whose id is new is inserted; one whose id is known and whose values changed replaces the stored one; one with the same values changes nothing, so adding the same batch twice changes nothing. The new records are matched with the stored model and settings; clusters keep their ids.
            """)

    @Argument(help: "The store file.")
    var state: String

    @Argument(help: "The batch of new or changed records (CSV).")
    var new: String

    @OptionGroup var read: ReadOptionGroup

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    func run() throws {
        try reportingStore {
            guard FileManager.default.fileExists(atPath: new) else { throw ReadError.fileNotFound(path: new) }
            let store = try RegisterStore(path: state, mode: .write)
            let summary = try store.add(
                CSVFile(path: new), readOptions: try read.readOptions(),
                context: registerContext(workers: read.workers, quiet: quiet))
            printSummary(summary)
        }
    }
}

struct RegisterRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Remove records by id and erase their values from the store file.",
        discussion: """
            FILE lists one id per line (a header line `id` is allowed). The records, their features and their pairs are deleted, the freed space is overwritten and the file is compacted, so none of their values remain in it; the events say only that an id was removed. Ids the register does not hold are counted as unchanged.
            """)

    @Argument(help: "The store file.")
    var state: String

    @Option(name: .long, help: ArgumentHelp("File of ids to remove, one per line.", valueName: "file"))
    var ids: String

    @Option(name: .long, parsing: .unconditional, help: "Worker threads, 1 to 256.")
    var workers: Int = min(Parallel.defaultWorkers, CLILimits.maxWorkers)

    func run() throws {
        try reportingStore {
            guard FileManager.default.fileExists(atPath: ids) else { throw ReadError.fileNotFound(path: ids) }
            let text = try String(contentsOfFile: ids, encoding: .utf8)
            var list = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if list.first?.lowercased() == "id" { list.removeFirst() }
            let store = try RegisterStore(path: state, mode: .write)
            printSummary(try store.remove(ids: list, source: ids, context: RunContext(workers: workers)))
        }
    }
}

struct RegisterDecide: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Store a person's decisions on pairs (same / not the same); later batches obey them.",
        discussion: """
            FILE is a CSV with the columns id_a, id_b and decision (a review.csv with a decision column added). A decision of same, yes, ja, 1, match or true joins the two records' clusters (must-link); not_same, no, nej, 0, distinct or false keeps them apart by dropping their link (cannot-link). Rows with an empty decision are skipped. The register is re-clustered at once.
            """)

    @Argument(help: "The store file.")
    var state: String

    @Option(name: .long, help: ArgumentHelp("CSV of decisions (id_a,id_b,decision).", valueName: "file"))
    var file: String

    func run() throws {
        try reportingStore {
            guard FileManager.default.fileExists(atPath: file) else { throw ReadError.fileNotFound(path: file) }
            var options = ReadOptions(workers: 1)
            options.inferRoles = false
            let records = try CSVReader.read(path: file, options: options)
            func column(_ names: [String]) throws -> Int {
                for n in names { if let c = records.column(named: n) { return c } }
                throw RegisterStoreError.badInput(file, "no column \(names[0]) (the columns must be id_a, id_b, decision)")
            }
            let a = try column(["id_a"]), b = try column(["id_b"]), d = try column(["decision", "beslut"])
            var decisions: [RegisterStore.Decision] = []
            var bad: [Int] = []
            for r in 0..<records.rowCount {
                let value = records.string(row: r, column: d).lowercased().trimmingCharacters(in: .whitespaces)
                if value.isEmpty { continue }
                let same: Bool
                switch value {
                case "same", "yes", "ja", "1", "match", "true", "samma": same = true
                case "not_same", "no", "nej", "0", "distinct", "false", "olika", "not same": same = false
                default: bad.append(records.lineNumber(row: r)); continue
                }
                decisions.append(
                    .init(idA: records.string(row: r, column: a), idB: records.string(row: r, column: b), same: same))
            }
            if !bad.isEmpty {
                throw RegisterStoreError.badIDs(file, lines: bad, reason: "decisions that are neither same nor not_same")
            }
            let store = try RegisterStore(path: state, mode: .write)
            printSummary(try store.decide(decisions, source: file))
        }
    }
}

struct RegisterExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the register's clusters (stable ids) and review band to a result directory.",
        discussion: """
            Writes the files dedupe writes (clusters.csv, pairs.csv, review.csv, splits.csv, summary.json with the model and the counts), clustered from the stored pairs with every decision obeyed, plus stable_ids.csv: id,stable_cluster_id,cluster_size for every record in a cluster, with the store's stable cluster ids (C<number>, kept from batch to batch; the events of `register status` follow them). --out is replaced as a whole, as with dedupe.
            """)

    @Argument(help: "The store file.")
    var state: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the result (created if missing).", valueName: "dir"))
    var out: String

    func run() throws {
        try reportingStore {
            let store = try RegisterStore(path: state, mode: .readOnly)
            let dir = try OutputDirectory.prepare(path: out, inputs: [state], command: "register export")
            let files = try store.export(to: dir.stagingPath)
            try dir.commit()
            print("output             \(dir.path)/ (\(files.joined(separator: ", ")))")
        }
    }
}

struct RegisterStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a store's counts, the model's age and the history of batches.")

    @Argument(help: "The store file.")
    var state: String

    @Flag(name: .long, help: "Print the status as JSON (for tools).")
    var json = false

    @Flag(name: .long, help: "Also run SQLite's integrity check on the file; exit 65 when it fails.")
    var check = false

    func run() throws {
        try reportingStore {
            let store = try RegisterStore(path: state, mode: .readOnly)
            if check {
                let result = try store.integrityCheck()
                guard result == "ok" else { throw RegisterStoreError.badInput(state, "integrity check failed: \(result)") }
                print("integrity          ok")
            }
            let status = try store.status()
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(status), as: UTF8.self))
            } else {
                for line in status.lines() { print(line) }
            }
        }
    }
}

/// Workers, and progress lines on stderr unless `quiet`.
private func registerContext(workers: Int, quiet: Bool) -> RunContext {
    var context = RunContext(workers: workers)
    if !quiet {
        context.progress = { event in
            guard let detail = event.detail else { return }
            FileHandle.standardError.write(Data((detail + "\n").utf8))
        }
    }
    return context
}
