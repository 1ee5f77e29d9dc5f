import ArgumentParser
import Dubblett
import Foundation

/// Options shared by `dedupe` and `link`.
struct MatchOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Directory for the output files (created if missing).", valueName: "dir"))
    var out: String = "dubblett-out"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "JSON settings file: columns, blocking rules, comparisons, thresholds.",
            valueName: "file"))
    var settings: String?

    @Option(name: .long, help: ArgumentHelp("Use this saved model instead of training one.", valueName: "file"))
    var model: String?

    @Option(name: .long, help: ArgumentHelp("Save the trained model here (JSON).", valueName: "file"))
    var saveModel: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Match weight (log2 odds, -100 to 100; negative values work: --match-threshold -4) at or above which a pair is a match.")
    var matchThreshold: Double?

    @Option(
        name: .long, parsing: .unconditional,
        help: "Match weight (-100 to 100, at most the match threshold) at or above which a non-matching pair goes to the review band.")
    var reviewThreshold: Double?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Map a role to a header: --column first_name=Tilltalsnamn; role=- means no column has the role (repeatable).",
            valueName: "role=header"))
    var column: [String] = []

    @Option(
        name: .long, parsing: .unconditional,
        help: "Worker threads, 1 to 256 (default: all cores). Results do not depend on it.")
    var workers: Int?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With - as the register: read at most this much of standard input (K, M, G suffixes; default 2G).",
            valueName: "size"))
    var stdinLimit: ByteSize?

    @Flag(name: .long, help: "Treat any malformed row as an error instead of skipping and reporting it.")
    var strict = false

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    @Flag(
        name: .long,
        help: "Give roles only from headers and --column (no personnummer, e-mail, phone, postal address or organisationsnummer role from a column's values; --column email=- rules out one role).")
    var noRoleInference = false

    var workerCount: Int { workers ?? min(Parallel.defaultWorkers, CLILimits.maxWorkers) }

    func validate() throws {
        try CLILimits.checkWorkers(workers)
        try CLILimits.checkThreshold(matchThreshold, option: "--match-threshold")
        try CLILimits.checkThreshold(reviewThreshold, option: "--review-threshold")
        for c in column where !c.contains("=") {
            throw ValidationError("--column takes role=header, e.g. --column first_name=Tilltalsnamn (got \(c))")
        }
    }

    /// Settings from the file (if any) with command-line overrides, validated.
    func matchSettings() throws -> MatchSettings {
        var s = try settings.map { try MatchSettings.load(from: $0) } ?? MatchSettings()
        if let t = matchThreshold { s.matchThreshold = t }
        if let t = reviewThreshold { s.reviewThreshold = t }
        for c in column {
            let parts = c.split(separator: "=", maxSplits: 1).map(String.init)
            s.columns[parts[0]] = parts.count > 1 ? parts[1] : ""
        }
        let problems = s.problems()
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        return s
    }

    func readOptions(_ s: MatchSettings) -> ReadOptions {
        var overrides: [FieldRole: String] = [:]
        for (k, v) in s.columns { if let role = FieldRole(rawValue: k) { overrides[role] = v } }
        var options = ReadOptions(workers: workerCount, strict: strict, columnOverrides: overrides)
        options.inferRoles = !noRoleInference
        if let stdinLimit { options.streamLimit = stdinLimit.bytes }
        return options
    }

    func progress() -> Pipeline.Progress? {
        if quiet { return nil }
        return { message in FileHandle.standardError.write(Data((message + "\n").utf8)) }
    }

    /// Runs `body`; a settings problem becomes its teaching message on stderr and a validation exit code.
    func reportingSettingsErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as SettingsError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode.validationFailure
        } catch let e as ReadError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(Inspect.exitCode(for: e))
        } catch let e as EvaluationFileError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            throw ExitCode(65)
        }
    }

    /// Writes the run's warnings (training fell back to defaults, no blocking rule applied) to stderr,
    /// even with --quiet: they say the result is not what it seems.
    func warn(_ report: RunReport) {
        for w in report.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
    }

    func outputDirectory() throws -> String {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        return out
    }
}

/// `dubblett dedupe`: find the duplicate clusters of one register.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the duplicates in a register and group them into clusters.",
        discussion: """
            Reads the register, normalises Swedish fields, blocks, compares, trains a Fellegi–Sunter model
            without labels (EM), scores every candidate pair and clusters the matches. Writes to --out:
              clusters.csv   id,cluster_id,cluster_size for every record
              pairs.csv      matched pairs with every field's level and weight (why they match)
              review.csv     pairs in the review band, for a person to decide
              splits.csv     weak links the chaining guard refused
              summary.json   counts and time per stage, the blocking report, the model
            The run summary is printed; progress goes to stderr.

            Examples:
              dubblett dedupe datasets/sample/register.csv --truth datasets/sample/truth.csv
              dubblett dedupe kunder.csv --out resultat --save-model modell.json
              dubblett dedupe kunder.csv --settings mina-regler.json --workers 2
              dubblett dedupe -- -kunder.csv          # a file name that starts with '-'

            Warnings (printed with the summary and on stderr, even with --quiet): when training cannot tell \
            matches from non-matches (a register of identical records, a single agreement pattern, m ≤ u on \
            every identifying field) safe default parameters are used instead, so identical records still \
            form clusters; when no blocking rule applies (no column for personnummer, phone, e-mail, postal \
            code, names or birth date) no pair is compared and the run says which columns to give.

            Limits: --workers 1 to 256; thresholds -100 to 100 (negative values work: --match-threshold -4); \
            settings-file numbers: max_bucket 2 to 10000, window 2 to 1000, u_samples 1000 to 10000000, seed \
            0 to 18446744073709551615. Every number out of range is named with its range, all at once. \
            Standard input (-) is read up to --stdin-limit (2G by default).

            Exit status: 0 done, 64 bad options or settings (a number out of its range), 65 the data cannot \
            be read (or standard input is over its limit, or the truth file cannot be used), 66 a file is \
            missing, 74 the input changed while it was read.
            """
    )

    @Argument(help: "The register (CSV; delimiter and encoding are detected).")
    var file: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Truth file (id,entity_id): print pairwise precision, recall and F1.",
            valueName: "file"))
    var truth: String?

    @OptionGroup var options: MatchOptions

    func run() throws {
        try options.reportingSettingsErrors(runChecked)
    }

    func runChecked() throws {
        let settings = try options.matchSettings()
        let model = try options.model.map { try MatchModel.load(from: $0) }
        let progress = options.progress()
        let workers = options.workerCount
        var clock = Stopwatch()
        let store = try CSVReader.read(path: file, options: options.readOptions(settings))
        let readTime = clock.lap()
        progress?(
            "read: \(store.rowCount) rows in \(RunReportFormat.ms(readTime))"
                + (store.issues.isEmpty ? "" : ", \(store.issues.total) row issue(s)"))
        let features = FeatureBuilder.build(store, workers: workers, settings: settings)
        let featureTime = clock.lap()
        progress?("features: \(Int(Double(store.rowCount) / max(featureTime, 1e-9) / 1000)) k records/s")
        var output = Pipeline.run(features, settings: settings, model: model, workers: workers, progress: progress)
        _ = clock.lap()
        output.report.recordInputStages(read: readTime, features: featureTime)
        options.warn(output.report)
        let dir = try options.outputDirectory()
        let ids = RecordIdentifiers.of(store)
        try MatchWriters.writeClusters(
            to: dir + "/clusters.csv", count: store.rowCount, clustering: output.clustering, ids: ids)
        let match = Float(settings.matchThreshold)
        _ = try MatchWriters.writePairs(
            to: dir + "/pairs.csv", output: output, rules: settings.blockingRules, ids: ids,
            include: { $0 >= match })
        _ = try MatchWriters.writePairs(
            to: dir + "/review.csv", output: output, rules: settings.blockingRules, ids: ids,
            include: { $0 < match })
        try MatchWriters.writeSplits(
            to: dir + "/splits.csv", splits: output.clustering.splits, reasons: output.clustering.splitReasons,
            ids: ids)
        if let path = options.saveModel { try output.model.save(to: path) }
        output.report.time("write", clock.lap())
        var summary = RunSummaryFile(input: file, report: output.report, truth: nil)
        if let truth {
            let entities = try Evaluation.truthEntities(truthPath: truth, register: store, workers: workers).labels
            summary.truth = Evaluation.evaluate(
                truthEntity: entities, predictedCluster: output.clustering.labels,
                id: { store.id(row: $0) }, examples: 5)
        }
        try MatchWriters.writeSummary(to: dir + "/summary.json", summary)
        for line in output.report.lines() { print(line) }
        print("output             \(dir)/ (clusters.csv, pairs.csv, review.csv, splits.csv, summary.json)")
        if let t = summary.truth {
            func f(_ x: Double) -> String { String(format: "%.4f", x) }
            print(
                "truth              pairwise precision \(f(t.pairwise.precision)), recall \(f(t.pairwise.recall)), "
                    + "F1 \(f(t.pairwise.f1)); B-cubed F1 \(f(t.bcubed.f1)) (details in summary.json)")
        }
    }
}

/// The JSON run summary: the input, the run report and, with --truth, the evaluation.
struct RunSummaryFile: Encodable {
    var input: String
    var report: RunReport
    var truth: EvaluationReport?
}

extension RunReport {
    /// Puts the CLI's read and feature stages in front of the pipeline's own.
    mutating func recordInputStages(read: Double, features: Double) {
        seconds["read"] = read
        seconds["features"] = features
        stages.insert(contentsOf: ["read", "features"], at: 0)
    }
}

/// Wall-clock laps for the CLI's read and feature stages.
struct Stopwatch {
    var last = DispatchTime.now().uptimeNanoseconds
    mutating func lap() -> Double {
        let now = DispatchTime.now().uptimeNanoseconds
        defer { last = now }
        return Double(now - last) / 1e9
    }
}

enum RunReportFormat {
    static func ms(_ s: Double) -> String {
        s < 1 ? "\(Int((s * 1000).rounded())) ms" : "\((s * 100).rounded() / 100) s"
    }
}
