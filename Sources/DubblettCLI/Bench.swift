import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import Foundation

/// `dubblett bench`: compare matching strategies by accuracy and records per second.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Benchmark matching strategies on registers with known duplicates: speed, memory, accuracy.",
        discussion: """
            Runs every strategy (--settings) over every dataset (--dataset), --runs times each, every run in a \
            fresh child process so peak memory is that run's alone, and prints the medians: records/s end to \
            end and per stage, peak memory, candidate pairs, reduction ratio, pair completeness (share of true \
            pairs blocking kept), pairwise precision/recall/F1, B-cubed F1 and clusters. Appends one line per \
            invocation to the history file (JSON Lines: date, commit, machine, figures).

            A dataset is a directory holding register.csv and truth.csv, or REGISTER.csv:TRUTH.csv. \
            The JSON (--json) is documented in docs/bench-json.md.

            Examples:
              dubblett bench                                  # datasets/sample, built-in settings, 3 runs
              dubblett bench --settings default --settings strict.json --dataset datasets/sample
              dubblett bench --sweep out/sweep                # also sweep.csv + sweep.svg (P/R/F1 by threshold)
              dubblett bench --scaling 100k,1M                # generate into datasets/generated/, time and memory
              dubblett bench --runs 1 --json --no-history
            """
    )

    @Option(name: .long, help: ArgumentHelp("A MatchSettings JSON file, or `default` (repeatable).",
                                            valueName: "file|default"))
    var settings: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "DIR with register.csv + truth.csv, or REGISTER.csv:TRUTH.csv (repeatable).", valueName: "dataset"))
    var dataset: [String] = []

    @Option(name: .long, parsing: .unconditional, help: "Runs per cell, 1 to 100; the median is reported (default 3; 1 with --scaling).")
    var runs: Int?

    @Option(name: .long, parsing: .unconditional, help: "Worker threads per run, 1 to 256 (default: all cores).")
    var workers: Int?

    @Flag(name: .long, help: "Print the results as JSON (see docs/bench-json.md) instead of tables.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Append-only history file (JSON Lines).", valueName: "file"))
    var history: String = "Benchmarks/history.jsonl"

    @Flag(name: .long, help: "Do not append to the history file.")
    var noHistory = false

    @Option(name: .long, help: ArgumentHelp(
        "Also write sweep.csv and sweep.svg (precision, recall, F1 by match threshold) here; one extra run per cell.",
        valueName: "dir"))
    var sweep: String?

    @Option(name: .long, help: ArgumentHelp(
        "Row counts to generate (seeded) and run with the first strategy, e.g. 100k,1M,10M.", valueName: "sizes"))
    var scaling: String?

    @Option(name: .long, help: ArgumentHelp("Where --scaling keeps its generated registers.", valueName: "dir"))
    var generated: String = "datasets/generated"

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp(
        "Also run a peer tool on every dataset and show it side by side (repeatable; one run each). splink: Splink 5 on DuckDB through scripts/peers/splink_dedupe.py, in the Python environment scripts/setup-splink.sh makes (or DUBBLETT_SPLINK_PYTHON); configured as docs/peers.md describes.",
        valueName: "splink"))
    var peer: [Peer] = []

    func validate() throws {
        if let runs, !(1...CLILimits.maxRuns).contains(runs) {
            throw ValidationError("--runs must be from 1 to \(CLILimits.maxRuns) (got \(runs))")
        }
        try CLILimits.checkWorkers(workers)
        if scaling != nil { _ = try scalingSizes() }
    }

    func scalingSizes() throws -> [Int] {
        guard let scaling else { return [] }
        let sizes = scaling.split(separator: ",").map { RowCount(argument: String($0)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ (2...CLILimits.maxGeneratedRows).contains($0?.value ?? 0) }) else {
            throw ValidationError("--scaling takes row counts from 2 to 100M separated by commas, e.g. 100k,1M (got \(scaling))")
        }
        return sizes.map { $0!.value }.sorted()
    }

    func run() throws {
        do {
            try OutputExit.reporting(runChecked)
        } catch let e as BenchError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode.failure
        } catch let e as SettingsError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode.validationFailure
        }
    }

    func runChecked() throws {
        let workers = self.workers ?? Parallel.defaultWorkers
        let progress: ((String) -> Void)? = quiet ? nil : { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
        let strategies = try (settings.isEmpty ? ["default"] : settings).map(BenchHarness.Strategy.parse)
        let sizes = try scalingSizes()
        var datasets: [BenchHarness.Dataset]
        var cellStrategies = strategies
        if sizes.isEmpty {
            datasets = try (dataset.isEmpty ? ["datasets/sample"] : dataset).map(BenchHarness.Dataset.parse)
        } else {
            datasets = try sizes.map {
                try BenchHarness.generatedDataset(rows: $0, directory: generated, workers: workers, progress: progress)
            }
            cellStrategies = [strategies[0]]
        }
        let runs = self.runs ?? (sizes.isEmpty ? 3 : 1)
        // The history (appended to) and the sweep files never name an input, through any link.
        try OutputExit.refuseClashes(
            outputs: [("--history", noHistory ? nil : history), ("--sweep", sweep.map { $0 + "/sweep.csv" }),
                      ("--sweep", sweep.map { $0 + "/sweep.svg" })],
            inputs: datasets.flatMap { [$0.registerPath, $0.truthPath] } + strategies.map(\.settingsPath))
        if !noHistory { try OutputPaths.checkCreatable(history, option: "--history", createsFolders: true) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-bench-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let root = FileManager.default.currentDirectoryPath
        for p in peer { _ = try p.locate(root: root) }  // a peer that is not set up fails before any run
        let executable = ChildProcess.currentExecutable
        let load = BenchResults.currentLoadAverage()

        var cells: [BenchHarness.CellSummary] = []
        for d in datasets {
            for s in cellStrategies {
                cells.append(try BenchHarness.runCell(dataset: d, strategy: s, workers: workers, runs: runs,
                                                      executable: executable, childCommand: ["bench-cell"],
                                                      scratch: scratch, progress: progress))
                if let sweep {
                    let several = datasets.count * cellStrategies.count > 1
                    let dir = several ? sweep + "/\(d.name)-\(s.name)" : sweep
                    let spec = BenchCell.Spec(registerPath: d.registerPath, truthPath: d.truthPath,
                                              settingsPath: s.settingsPath, workers: workers, sweepDirectory: dir,
                                              sweepTitle: "Threshold sweep: \(d.name), strategy \(s.name)")
                    let r = try BenchHarness.runChild(spec: spec, executable: executable, childCommand: ["bench-cell"],
                                                      scratch: scratch)
                    if let b = r.result.sweepBest {
                        progress?("sweep: \(dir)/sweep.csv, \(dir)/sweep.svg; best F1 \(String(format: "%.4f", b.f1)) "
                            + "at threshold \(b.threshold)")
                    }
                }
            }
        }
        var peerRuns: [PeerSummary] = []
        for p in peer {
            for d in datasets {
                peerRuns.append(try p.run(on: d, workers: workers, root: root, scratch: scratch, progress: progress))
            }
        }
        let results = BenchResults(cells: cells, scaling: !sizes.isEmpty, loadAverage: load, peers: peerRuns)
        if !noHistory {
            let dir = PathText.parent(history)
            if !dir.isEmpty { try Generate.createDirectory(dir) }
            try BenchHistory.append(figures: results.historyFigures(), commit: results.commit, to: history)
            progress?("history: appended to \(history)")
        }
        print(json ? try results.json() : results.tables(), terminator: json ? "\n" : "")
    }
}

/// `dubblett bench-cell` (hidden): one benchmark run in this process, result written as JSON.
/// `dubblett bench` runs it as a child so each run's peak memory is its own.
struct BenchCellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-cell", abstract: "Run one benchmark cell (used by `dubblett bench`).",
        shouldDisplay: false)

    @Option(name: .long, help: "The cell spec (JSON, BenchCell.Spec).")
    var spec: String

    @Option(name: .long, help: "Where to write the result (JSON, BenchCell.Result).")
    var result: String

    func run() throws {
        let s = try JSONDecoder().decode(BenchCell.Spec.self, from: Data(contentsOf: URL(fileURLWithPath: spec)))
        let r = try BenchCell.run(s)
        let w = try AtomicFileWriter(path: result)
        w.write(Array(try JSONEncoder().encode(r)))
        try w.commit()
    }
}

extension Peer: ExpressibleByArgument {}
