import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import Foundation

/// `dubblett generate`: a synthetic Swedish customer register with its ground truth.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate a realistic Swedish customer register whose true duplicates are known.",
        discussion: """
            Writes the register (id, förnamn, efternamn, gatuadress, postnummer, postort, telefon, e-post, \
            personnummer, födelsedatum) and a truth file (id,entity_id): rows with the same entity_id are \
            the same person. The same seed and configuration always give the same bytes.

            Examples:
              dubblett generate --rows 10000 --seed 1 --output datasets/sample
              dubblett generate --rows 1000000 --output datasets/generated/1m.csv --excel
              dubblett generate --print-config > my.json   # edit rates, then --config my.json
            """
    )

    @Option(name: .long, help: "Number of data rows to write: 10000, 10k, 1M (1 to 100M).")
    var rows: RowCount = RowCount(value: 10_000)

    @Option(
        name: .long, parsing: .unconditional,
        help: "Random seed, a whole number from 0 to 18446744073709551615; the same seed gives the same register.",
        transform: { text in
            guard let value = UInt64(text) else {
                throw ValidationError("--seed must be a whole number from 0 to 18446744073709551615 (got \(text)).")
            }
            return value
        })
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp(
        "A directory (gets register.csv and truth.csv) or a .csv file (truth beside it as NAME.truth.csv).",
        valueName: "dir|file"))
    var output: String?

    @Option(name: .long, help: "Where to write the truth file (default: see --output).")
    var truth: String?

    @Option(name: .long, help: "JSON file overriding some of the generator's rates (see --print-config).")
    var config: String?

    @Flag(name: .long, help: "Swedish Excel flavour: Windows-1252, ';' separator, CRLF line ends.")
    var excel = false

    @Flag(name: .long, help: "English column names instead of Swedish ones.")
    var englishHeaders = false

    @Option(
        name: .long, parsing: .unconditional,
        help: "Worker threads, 1 to 256 (default: all cores). The output does not depend on it.")
    var workers: Int?

    @Flag(name: .long, help: "Print the default configuration as JSON and exit.")
    var printConfig = false

    @Flag(name: .long, help: "No progress or summary on stderr.")
    var quiet = false

    func validate() throws {
        if printConfig { return }
        guard output != nil else {
            throw ValidationError("say where to write the register: --output DIR or --output FILE.csv")
        }
        try CLILimits.checkWorkers(workers)
        guard (1...CLILimits.maxGeneratedRows).contains(rows.value) else {
            throw ValidationError(
                "--rows must be from 1 to 100M (\(CLILimits.maxGeneratedRows), about 15 GB of CSV); got \(rows.value).")
        }
    }

    func run() throws {
        if printConfig {
            print(GeneratorConfig.defaultsJSON())
            return
        }
        try OutputExit.reporting(runChecked)
    }

    func runChecked() throws {
        let generatorConfig = try config.map { try GeneratorConfig.load(path: $0) } ?? GeneratorConfig()
        let (registerPath, truthPath) = try Self.paths(output: output!, truth: truth)
        if Self.samePath(registerPath, truthPath) {
            throw ValidationError("--truth \(truthPath) is the register's path; give the truth file another name.")
        }
        try OutputExit.refuseClashes(outputs: [("--output", registerPath), ("--truth", truthPath)], inputs: [config])
        let generator = try RegisterGenerator(config: generatorConfig, seed: seed)
        let rows = self.rows.value
        let showProgress = !quiet && rows >= 500_000
        let summary = try generator.generate(
            rows: rows, registerPath: registerPath, truthPath: truthPath,
            format: RegisterFormat(excel: excel, englishHeaders: englishHeaders),
            workers: workers ?? Parallel.defaultWorkers,
            progress: showProgress
                ? { done in
                    FileHandle.standardError.write(Data("\rgenerate: \(done) / \(rows) rows".utf8))
                } : nil)
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        if !quiet {
            let rate = summary.seconds > 0 ? Int(Double(summary.rows) / summary.seconds) : 0
            FileHandle.standardError.write(Data("""
                generate: \(summary.rows) rows, \(summary.entities) persons, \(summary.truePairs) true pairs \
                (\(summary.entitiesWithDuplicates) persons with duplicates, \(summary.householdMembers) household \
                members, \(summary.namesakes) namesakes) in \(String(format: "%.2f", summary.seconds)) s \
                (\(rate) rows/s)
                register: \(registerPath)
                truth:    \(truthPath)

                """.utf8))
        }
    }

    /// Whether two paths name the same file (after standardising; or the same inode when both exist).
    static func samePath(_ a: String, _ b: String) -> Bool {
        let x = URL(fileURLWithPath: a).standardizedFileURL.path
        let y = URL(fileURLWithPath: b).standardizedFileURL.path
        if x == y { return true }
        let fm = FileManager.default
        guard let s = try? fm.attributesOfItem(atPath: a), let t = try? fm.attributesOfItem(atPath: b) else {
            return false
        }
        return (s[.systemFileNumber] as? Int) == (t[.systemFileNumber] as? Int)
            && (s[.systemNumber] as? Int) == (t[.systemNumber] as? Int)
    }

    /// Creates `dir` with its parents; a failure names the path in plain words (exit 73).
    static func createDirectory(_ dir: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            throw OutputLocationError(
                .cannotCreate, "cannot create the directory \(dir): \(OutputPaths.plainReason(error, path: dir))")
        }
    }

    /// Resolves `--output` (directory or file) and `--truth` into the two paths.
    static func paths(output: String, truth: String?) throws -> (String, String) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        if (exists && isDirectory.boolValue) || output.hasSuffix("/") || (!exists && !output.contains(".")) {
            try createDirectory(output)
            let dir = output.hasSuffix("/") ? String(output.dropLast()) : output
            return (dir + "/register.csv", truth ?? dir + "/truth.csv")
        }
        let parent = PathText.parent(output)
        if !parent.isEmpty { try createDirectory(parent) }
        let stem = output.hasSuffix(".csv") ? String(output.dropLast(4)) : output
        return (output, truth ?? stem + ".truth.csv")
    }
}

/// A row count written plainly or with a `k`/`M` suffix (`10k`, `1M`, `2.5M`).
struct RowCount: ExpressibleByArgument {
    let value: Int

    init(value: Int) { self.value = value }

    var defaultValueDescription: String { String(value) }

    init?(argument: String) {
        let text = argument.replacingOccurrences(of: "_", with: "")
        let scale: Double = switch text.last {
        case "k", "K": 1_000
        case "m", "M": 1_000_000
        default: 1
        }
        let number = scale == 1 ? text : String(text.dropLast())
        guard let v = Double(number), v >= 0, v * scale <= Double(Int32.max) * 64 else { return nil }
        value = Int((v * scale).rounded())
    }
}
