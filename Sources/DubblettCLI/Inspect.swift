import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import Foundation

/// `dubblett inspect FILE`: what is in a register and how the reader understood it.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show a register's dialect, encoding, rows, column roles, fill rates and bad rows.",
        discussion: """
            Reads the file the way every other command will: into memory in one pass, delimiter (, ; tab |) and \
            encoding (UTF-8, UTF-8 with BOM, Windows-1252 from Swedish Excel) detected, RFC 4180 quoting. \
            Each column gets a role from its header, in Swedish or English, ignoring case and accents \
            (Förnamn, FIRST_NAME, E-post, Postnr, Personnummer, ...). A column whose header names no role \
            gets personnummer, e-mail, phone, postal address (114 53 Stockholm) or organisationsnummer \
            when 90 % of its sampled values parse \
            as one (marked "from values"; --no-role-inference turns this off). Check the roles here before \
            matching; fix a wrong or missing one with --column.

            Rows that cannot be used (wrong number of fields, NUL bytes, broken quoting, oversized fields) \
            are counted and listed by line number and left out; field values are never printed. \
            With --strict the first such row is an error instead.

            Examples:
              dubblett inspect kunder.csv
              dubblett inspect kunder.csv --column first_name=Tilltalsnamn
              dubblett inspect kunder.csv --column id=Kundnr --column phone=7
              dubblett inspect --json kunder.csv | jq .columns
              cat kunder.csv | dubblett inspect -
              dubblett inspect --strict --workers 1 --timing kunder.csv

            Standard input (-) and other streams are read into memory up to --stdin-limit (2G by default); \
            past it the command stops (exit 65). Save a bigger input to a file, or raise the limit.

            Exit status: 0 read, 64 bad options (e.g. --column names no column, a number out of its range), \
            65 the data cannot be read (encoding, unclosed quote, --strict, standard input over its limit), \
            66 the file is missing or not a file, 74 the file changed while it was read (another program \
            is writing it).
            """)

    @Argument(help: "The CSV file, or - for standard input.")
    var file: String

    @OptionGroup var read: ReadOptionGroup

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Settings file (JSON or YAML), as for dedupe: its column roles apply, and the columns it declares under extra_columns are listed with their kind and how they are compared.",
            valueName: "file"))
    var settings: String?

    @Flag(name: .long, help: "Print the report as JSON (for tools).")
    var json = false

    @Flag(name: .long, help: "Print read time and throughput on stderr.")
    var timing = false

    @Flag(name: .long, help: "Show a progress line on stderr even when it is not a terminal.")
    var progress = false

    mutating func run() throws {
        var options = try read.readOptions()
        let matchSettings = try settings.map { try MatchSettings.load(from: $0) } ?? MatchSettings()
        for (k, v) in matchSettings.columns {
            if let role = FieldRole(rawValue: k), options.columnOverrides[role] == nil { options.columnOverrides[role] = v }
        }
        let size = file == "-" ? 0 : ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        let showProgress = progress || (isatty(2) != 0 && size >= 32 << 20)
        if showProgress && size > 0 {
            let name = file
            options.progress = { done in
                let pct = min(100, done * 100 / max(1, size))
                FileHandle.standardError.write(Data("\rreading \(name): \(pct) % (\(done >> 20) of \(size >> 20) MiB)".utf8))
            }
        }
        let clock = ContinuousClock()
        let start = clock.now
        let store: RecordStore
        do {
            store = try CSVReader.read(path: file, options: options)
        } catch let error as ReadError {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            FileHandle.standardError.write(Data("error: \(error.description)\n".utf8))
            throw ExitCode(Self.exitCode(for: error))
        }
        let elapsed = clock.now - start
        if showProgress && size > 0 {
            FileHandle.standardError.write(Data("\rreading \(file): 100 % (\(size >> 20) MiB)          \n".utf8))
        }
        if timing {
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let bytes = store.inputByteCount
            let text = String(format: "read %.1f MB in %.3f s (%.0f MB/s, %d workers), %d rows\n",
                              Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / max(seconds, 1e-9),
                              options.workers, store.rowCount)
            FileHandle.standardError.write(Data(text.utf8))
        }
        let problems = matchSettings.declaredColumnProblems(in: store)
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        print(
            json ? Self.renderJSON(store, settings: matchSettings) : Self.renderText(store, settings: matchSettings),
            terminator: "")
    }

    /// 66 (EX_NOINPUT) when the file is missing or not a file, 65 (EX_DATAERR) when its data cannot be read
    /// (or standard input is over its limit), 74 (EX_IOERR) when the file changed while it was read.
    static func exitCode(for error: ReadError) -> Int32 {
        switch error {
        case .fileNotFound, .isDirectory, .unreadable: return 66
        case .unknownColumn: return 64
        case .changedWhileReading: return 74
        default: return 65
        }
    }

    /// The human-readable report.
    static func renderText(_ s: RecordStore, settings: MatchSettings = MatchSettings()) -> String {
        var out = "\(s.sourceName)\n"
        out += "  dialect   delimiter '\(s.dialect.delimiterName)', \(s.dialect.encoding.rawValue), "
            + "\(s.dialect.lineEnding.rawValue) line endings\n"
        out += "  rows      \(s.rowCount) usable"
        var extra: [String] = []
        if s.issues.excludedRows > 0 { extra.append("\(s.issues.excludedRows) excluded") }
        if s.issues.blankLines > 0 { extra.append("\(s.issues.blankLines) blank lines skipped") }
        out += extra.isEmpty ? "\n" : " (\(extra.joined(separator: ", ")))\n"
        out += "  columns   \(s.columns.count)\n"
        let width = min(32, max(6, s.columns.map(\.name.count).max() ?? 6))
        out += "    #  " + "column".padding(toLength: width, withPad: " ", startingAt: 0)
            + "  role                             filled\n"
        for (i, c) in s.columns.enumerated() {
            let number = String(i + 1)
            let name = c.name.count > width ? String(c.name.prefix(width - 1)) + "…" : c.name
            out += String(repeating: " ", count: max(0, 5 - number.count)) + number + "  "
            out += name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            let role = c.alternateFor.map { "\($0.rawValue) (backup)" }
                ?? (c.role?.rawValue ?? "-") + (c.roleFromValues ? " (from values)" : "")
            out += role.padding(toLength: 33, withPad: " ", startingAt: 0)
            out += String(format: "  %5.1f %%\n", s.fillRate(column: i) * 100)
        }
        // A full-name column stands in for first and last name.
        let nameRoles: [FieldRole] = s.column(for: .fullName) == nil ? [.firstName, .lastName] : []
        let (adapted, preset) = settings.adapted(to: s)
        let identity: [FieldRole] = preset.preset == .company ? [] : [.personnummer]
        let missing = ([FieldRole.id] + nameRoles + identity).filter { s.column(for: $0) == nil }
        if s.column(for: .id) == nil { out += "  ids       no id column: rows are numbered 1, 2, 3, ...\n" }
        out += "  preset    \(preset.preset.rawValue): \(preset.reason)\n"
        for d in Self.declared(s, adapted) {
            out += "  declared  \(d.name): \(d.kind), column \(d.column) (\"\(d.header)\"), \(d.compared)\n"
        }
        if !missing.isEmpty && missing != [.id] {
            out += "  hint      no column for \(missing.filter { $0 != .id }.map(\.rawValue).joined(separator: ", "));"
                + " use --column role=header if one is there under another name\n"
        }
        if s.issues.isEmpty {
            out += "  issues    none\n"
        } else {
            let counts = RowIssue.Kind.allCases.compactMap { k in s.issues.counts[k].map { "\(k.rawValue): \($0)" } }
            out += "  issues    \(counts.joined(separator: ", "))\n"
            for issue in s.issues.listed { out += "    \(issue)\n" }
            if s.issues.total > s.issues.listed.count {
                out += "    ... and \(s.issues.total - s.issues.listed.count) more\n"
            }
        }
        return out
    }

    /// A declared column (`extra_columns`, or a year of birth found by its header) as the report shows it.
    struct Declared: Codable {
        var name, kind: String
        /// The column's 1-based number and header.
        var column: Int, header: String
        /// How it is compared ("compared: …" with its tolerance, or why not).
        var compared: String
    }

    static func declared(_ s: RecordStore, _ adapted: MatchSettings) -> [Declared] {
        adapted.extraColumns.compactMap { e in
            guard let c = e.index(in: s) else { return nil }
            var how: String
            if adapted.comparisons.contains(where: { $0.name == e.name }) {
                switch e.kind {
                case .date: how = e.days > 0 ? "compared (within \(e.days) days)" : "compared (no day tolerance)"
                case .number:
                    how = "compared (tolerance \(e.absolute) absolute, \(e.relative * 100) % relative)"
                case .category: how = "compared (exact)"
                case .text: how = "compared (word sets, high \(e.high), low \(e.low))"
                }
            } else {
                how = "not compared"
            }
            let rules = adapted.blockingRules.filter { r in r.parts.contains { $0.extraIndex.map { adapted.extraColumns[$0].name } == e.name } }
            if !rules.isEmpty { how += "; blocked on in " + rules.map(\.name).joined(separator: ", ") }
            return Declared(name: e.name, kind: e.kind.rawValue, column: c + 1, header: s.columns[c].name, compared: how)
        }
    }

    struct Report: Codable {
        struct Column: Codable {
            var index: Int
            var name: String
            var role: String?
            /// The role comes from the values, not the header.
            var roleFromValues: Bool
            /// A phone or e-mail column that fills the gaps of the role's first column.
            var backupFor: String?
            var fillRate: Double
        }
        struct Listed: Codable {
            var line: Int
            var field: Int?
            var kind: String
            var detail: String
        }
        var file: String
        var delimiter: String
        var encoding: String
        var lineEnding: String
        var rows: Int
        var excludedRows: Int
        var blankLines: Int
        var columns: [Column]
        var issueCounts: [String: Int]
        var issues: [Listed]
        var declared: [Declared]
    }

    /// The JSON report (stable keys, sorted).
    static func renderJSON(_ s: RecordStore, settings: MatchSettings = MatchSettings()) -> String {
        let report = Report(
            file: s.sourceName, delimiter: s.dialect.delimiterName, encoding: s.dialect.encoding.rawValue,
            lineEnding: s.dialect.lineEnding.rawValue, rows: s.rowCount, excludedRows: s.issues.excludedRows,
            blankLines: s.issues.blankLines,
            columns: s.columns.enumerated().map {
                .init(index: $0.offset + 1, name: $0.element.name, role: $0.element.role?.rawValue,
                      roleFromValues: $0.element.roleFromValues, backupFor: $0.element.alternateFor?.rawValue,
                      fillRate: (s.fillRate(column: $0.offset) * 1000).rounded() / 1000)
            },
            issueCounts: Dictionary(uniqueKeysWithValues: s.issues.counts.map { ($0.key.rawValue, $0.value) }),
            issues: s.issues.listed.map { .init(line: $0.line, field: $0.column, kind: $0.kind.rawValue, detail: $0.detail) },
            declared: declared(s, settings.adapted(to: s).0))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
