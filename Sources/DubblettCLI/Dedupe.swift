import ArgumentParser
import Dubblett
import DubblettEvaluation
import DubblettReport
import Foundation

/// Options `dedupe` and `link` share: reading (`ReadOptionGroup`) plus settings, model, thresholds, output.
struct MatchOptions: ParsableArguments {
    @OptionGroup var read: ReadOptionGroup

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Directory for the result (created if missing). It is replaced as a whole at the end of the run, so it holds one complete run's files; a directory holding other files is refused (exit 73), and one another run is writing is refused (exit 75).",
            valueName: "dir"))
    var out: String = "dubblett-out"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Settings file, JSON or YAML (.yaml, .yml; same keys): columns (any role, e.g. identifier, company_name, house_number), blocking rules, comparisons, thresholds, vetoes (which contradictions refuse a merge; [] for none) and preset (person or company; chosen from the columns when left out). Every problem in it is listed at once; in YAML with the line and column of its key.",
            valueName: "file"))
    var settings: String?

    @Option(name: .long, help: ArgumentHelp("Use this saved model instead of training one.", valueName: "file"))
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Save the trained model here (JSON); a name directly inside --out becomes part of the result.",
            valueName: "file"))
    var saveModel: String?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Match weight (log2 odds, -100 to 100; negative values work: --match-threshold -4) at or above which a pair is a match.",
            valueName: "weight"))
    var matchThreshold: Double?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Match weight (-100 to 100, at most the match threshold) at or above which a pair that is not a match goes to the review band.",
            valueName: "weight"))
    var reviewThreshold: Double?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Also write report.html into --out: the run explained in charts, one self-contained page (see `dubblett help report`). A dedupe also validates the register's columns for it (summary.json gets the findings)."))
    var report = false

    @Option(name: .long, help: "Language of report.html: en or sv.")
    var lang: ReportLabels.Language = .en

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        try CLILimits.checkThreshold(matchThreshold, option: "--match-threshold")
        try CLILimits.checkThreshold(reviewThreshold, option: "--review-threshold")
    }

    /// Settings from the file (if any) with command-line overrides, validated (every problem at once).
    func matchSettings() throws -> MatchSettings {
        var s = try settings.map { try MatchSettings.load(from: $0) } ?? MatchSettings()
        if let t = matchThreshold { s.matchThreshold = t }
        if let t = reviewThreshold { s.reviewThreshold = t }
        let problems = s.problems()
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        return s
    }

    /// The run's context: the workers asked for, progress lines on stderr unless `--quiet`.
    func context() -> RunContext {
        var context = RunContext(workers: read.workers)
        if !quiet {
            context.progress = { event in
                guard let detail = event.detail else { return }
                FileHandle.standardError.write(Data((detail + "\n").utf8))
            }
        }
        return context
    }

    /// Runs `job` with these options, writes the result's files and `summary.json`, prints the summary.
    /// - Parameter evaluate: computes the truth evaluation for the summary (dedupe with `--truth`).
    func runAndWrite(
        _ job: MatchJob, inputs: [String], command: String, truthPath: String? = nil,
        evaluate: ((MatchResult) throws -> EvaluationReport)? = nil
    ) throws {
        let settings = try matchSettings()
        // Output checks, lock and staging before any work; every file is written into out.stagingPath
        // and the directory is swapped in as a whole by `commit()` (OutputDirectory).
        let out = try prepareOutput(inputs: inputs, command: command)
        let saveModel = try self.saveModel.map { try out.destination(forOutput: $0, option: "--save-model") }
        let model = try self.model.map { try MatchModel.load(from: $0) }
        let context = context()
        var result = try Pipeline.run(
            job, settings: settings, model: model, readOptions: try read.readOptions(), context: context)
        // Training fell back to defaults, or no blocking rule applied: said on stderr even with --quiet.
        for w in result.report.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        // The model is saved first, so the run's write time covers the result files alone.
        if let path = saveModel { try result.model.save(to: path) }
        // The report's validation of the register's columns (counts and line numbers, no values).
        let clock = ContinuousClock()
        let validationStart = clock.now
        var validation: ReportData.Validation?
        if report && result.kind == .dedupe, let store = result.stores.first {
            let v = RegisterValidator.validate(store, workers: context.workers)
            validation = ReportData.Validation(rows: v.rowCount, rowsWithFindings: v.rowsWithFindings, columns: v.columns)
        }
        let validated = clock.now
        var truth: EvaluationReport?
        var written = try MatchWriters.writeRun(
            &result, to: out.stagingPath, input: inputs.prefix(2).joined(separator: " + "), workers: context.workers,
            validation: validation,
            evaluate: { result in
                truth = try evaluate?(result)
                return truth
            })
        var reportLine: String?
        if report {
            let reportStart = clock.now
            let data = try ReportData.load(
                directory: out.stagingPath, options: .init(truthPath: truthPath, workers: context.workers))
            let bytes = try ReportHTML.write(data, language: lang, to: out.file(ReportHTML.fileName))
            written.append(ReportHTML.fileName)
            func ms(_ d: Duration) -> String {
                "\(Int(Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15)) ms"
            }
            reportLine = "report             \(ReportHTML.fileName) \(bytes / 1024) KB in \(ms(clock.now - reportStart))"
                + (validation == nil ? "" : " (and the validation of the register's columns in \(ms(validated - validationStart)))")
        }
        try out.commit()
        for line in result.report.lines() { print(line) }
        print("output             \(out.path)/ (\(written.joined(separator: ", ")))")
        if let reportLine { print(reportLine) }
        if let t = truth {
            func f(_ x: Double) -> String { String(format: "%.4f", x) }
            print(
                "truth              pairwise precision \(f(t.pairwise.precision)), recall \(f(t.pairwise.recall)), "
                    + "F1 \(f(t.pairwise.f1)); B-cubed F1 \(f(t.bcubed.f1)) (details in summary.json)")
        }
    }
}

/// `dubblett dedupe`: find the duplicate clusters of one register.
struct Dedupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find the duplicates in a register and group them into clusters.",
        discussion: """
            Reads the register, normalises Swedish fields, blocks, compares, trains a Fellegi–Sunter model \
            without labels (EM), scores every candidate pair and clusters the matches. It writes these files to --out:

              clusters.csv   id,cluster_id,cluster_size for every record
              pairs.csv      matched pairs with every field's level and weight (why they match)
              review.csv     pairs in the review band, for a person to decide
              splits.csv     links the chaining and conflict guards refused, with the reason
              summary.json   counts and time per stage, the blocking report, the model
              report.html    with --report: the run explained in charts (`dubblett help report`)
              dubblett-manifest.json  the run and its complete list of files

            Safety of outputs: every file is written into a hidden directory beside --out, which is swapped in as a whole when the run ends, so --out always holds one complete run (this one or the previous one), even after a kill or a full disk. The output location is checked before any work.

            A cluster's id is the smallest id among its members, so it stays the same when the same \
            register is run again. The run summary is printed; progress goes to stderr. Results do not \
            depend on --workers.

            Exit codes: 0 done, 64 bad options or settings, or an output that is an input (also through a \
            symbolic or hard link); 65 unusable data; 66 a missing input; 73 --out cannot be created or holds \
            files that are not a Dubblett result (they are never deleted); 74 an input changed or failed while \
            read; 75 another run is writing to --out; 130 cancelled.

            Warnings, printed with the summary and on stderr even with --quiet: when training cannot tell \
            matches from non-matches (a register of identical records, a single agreement pattern, m ≤ u on \
            every identifying field), safe default parameters are used instead, so identical records still \
            form clusters; when no blocking rule applies (no column for personnummer, phone, e-mail, postal \
            code, names or birth date), no pair is compared and the run says which columns to give.

            Limits: --workers 1 to 256; thresholds -100 to 100 (negative values work: --match-threshold -4); \
            in a settings file max_bucket 2 to 10000, window 2 to 1000, u_samples 1000 to 10000000 and seed \
            0 to 18446744073709551615, every number out of range named with its range, all at once. Standard \
            input (-) is read up to --stdin-limit (2G by default). A file whose name starts with '-' goes \
            after '--'.

            Examples:
              dubblett dedupe datasets/sample/register.csv --truth datasets/sample/truth.csv
              dubblett dedupe kunder.csv --out resultat --save-model modell.json
              dubblett dedupe kunder.csv --settings mina-regler.json --workers 2
              dubblett dedupe -- -kunder.csv
            """
    )

    @Argument(help: "The register (CSV; delimiter and encoding are detected; - reads standard input).")
    var file: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Truth file (id,entity_id): print pairwise precision, recall and F1.",
            valueName: "file"))
    var truth: String?

    @OptionGroup var options: MatchOptions

    func run() throws {
        try ExitCodes.reporting {
            try options.runAndWrite(
                .dedupe(CSVFile(path: file)), inputs: [file] + [truth].compactMap { $0 }, command: "dedupe",
                truthPath: truth, evaluate: truth.map { truth in
                { result in try Evaluation.evaluate(result, truthPath: truth, workers: options.read.workers) }
            })
        }
    }
}
