import ArgumentParser
import Dubblett
import DubblettReport
import Foundation

extension ReportLabels.Language: ExpressibleByArgument {}

/// `dubblett report`: the run report of a result directory, as one HTML page inside it.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write report.html into a dedupe or link result directory: the run explained in charts.",
        discussion: """
            Reads the result directory of `dubblett dedupe` or `dubblett link` (summary.json, clusters.csv, pairs.csv, review.csv, splits.csv or links.csv) and writes DIR/report.html: one self-contained page (no network, no script, no external font) that opens offline in any browser and can be mailed to a colleague. A file that is missing is named in the report and the rest is still shown.

            The page shows the key figures; the cluster sizes; the match weights of the compared pairs by decision with both thresholds; the model's weight for every field and level (log2 m/u, with m and u in its table); the pairs per blocking rule; the validation findings per column (from `dedupe --report`, or --validation); with --truth the precision, recall and F1 of the listed pairs at each threshold; and the 50 pairs nearest the match threshold, each explained by a waterfall of its fields' weights. Every chart has its figures in a table, for screen readers and for copying.

            The only record values in the report are the ids of those 50 pairs, which pairs.csv and review.csv already hold. The directory is updated as a whole, as a run writes it: the other files are kept as they are, and the manifest lists report.html.

            `dubblett dedupe --report` and `dubblett link --report` write the same page at the end of the run.

            Exit codes: 0 done, 64 bad options, 65 DIR holds no result or a given file cannot be used, 66 DIR or a given file is missing, 73 DIR cannot be written or holds files that are not a Dubblett result, 75 a run is writing to DIR.

            Examples:
              dubblett report resultat
              dubblett report out/sample --truth datasets/sample/truth.csv --lang sv
              dubblett validate --json kunder.csv > validering.json && dubblett report resultat --validation validering.json
            """
    )

    @Argument(help: "A result directory of `dubblett dedupe` or `dubblett link` (its --out).")
    var directory: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Truth file (id,entity_id): adds the threshold curve of precision, recall and F1.", valueName: "file"))
    var truth: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The output of `dubblett validate --json` for the register: adds the findings per column.",
            valueName: "file"))
    var validation: String?

    @Option(name: .long, help: "Language of the report: en or sv.")
    var lang: ReportLabels.Language = .en

    @Option(name: .long, parsing: .unconditional, help: "Worker threads for reading the files, 1 to 256.")
    var workers: Int = min(Parallel.defaultWorkers, CLILimits.maxWorkers)

    func validate() throws { try CLILimits.checkWorkers(workers) }

    func run() throws {
        try ExitCodes.reporting {
            let clock = ContinuousClock(), start = clock.now
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
            else {
                throw ReportError(
                    kind: .missing,
                    message: "\(directory): no such directory; give the --out directory of a dedupe or link run")
            }
            let command = OutputDirectory.manifest(in: directory)?.command ?? "report"
            let out = try OutputDirectory.prepare(
                path: directory, inputs: [truth, validation].compactMap { $0 }, command: command)
            let data = try ReportData.load(
                directory: directory,
                options: .init(truthPath: truth, validationPath: validation, workers: workers))
            try Self.stageResultFiles(of: out)
            let bytes = try ReportHTML.write(data, language: lang, to: out.file(ReportHTML.fileName))
            try out.commit()
            let elapsed = clock.now - start
            let ms = Int(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
            print("report             \((directory.hasSuffix("/") ? directory : directory + "/") + ReportHTML.fileName) (\(bytes / 1024) KB, \(ms) ms)")
            if !data.missing.isEmpty { print("missing            \(data.missing.joined(separator: ", "))") }
            for n in data.notes { print("note               \(n)") }
        }
    }

    /// Puts the result's current files into the staging directory (hard links, a copy where a link is
    /// refused), so the directory swapped in holds them and the new report; the manifest is rewritten.
    static func stageResultFiles(of out: OutputDirectory) throws {
        let fm = FileManager.default
        for name in try fm.contentsOfDirectory(atPath: out.resolvedPath)
        where !name.hasPrefix(".") && name != OutputDirectory.manifestName && name != ReportHTML.fileName {
            let from = out.resolvedPath + "/" + name
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: from, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if link(from, out.file(name)) != 0 { try fm.copyItem(atPath: from, toPath: out.file(name)) }
        }
    }
}
