import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import Foundation

/// `dubblett validate FILE`: every invalid or suspicious value by column and reason, fill rates, washing.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check every personnummer, phone, postal code, e-mail, birth date, name, street and organisationsnummer in a register.",
        discussion: """
            Each column with a role (see `dubblett inspect`) gets its Swedish check: personnummer and \
            samordningsnummer (length, date, check digit, not in the future), phone numbers (Swedish \
            formats, +46/0046, mobile and landline lengths), postal codes (five digits), e-mail syntax and \
            likely provider typos (gmial.com), birth dates (format, ambiguous day/month, agreement with \
            the personnummer), names (no letters, digits), streets (no house number) and \
            organisationsnummer (check digit, digits 3-4 at least 20, length; B2B registers). The report \
            gives, per column, the fill rate and each reason with its count and first line numbers. \
            Values are never printed.

            --output writes a washed copy: the same columns with valid values in canonical form \
            (personnummer YYYYMMDD-NNNN, phone +46..., postal code NNN NN, e-mail lower case, dates \
            YYYY-MM-DD, organisationsnummer NNNNNN-NNNN, postal address NNN NN Ort; columns whose role \
            was inferred from their values are checked but copied unchanged), anything that failed its check copied unchanged, and one <column>_problem column \
            per checked column. The file appears whole or not at all; the input is never modified, and an --output \
            that is the input or a link to it is refused (exit 64). Rows the reader could not use go to \
            <output>.rejects.csv; an earlier wash's rejects file there is removed first, so the rejects beside \
            a washed file are always its own.

            --check-domains also asks DNS whether each distinct e-mail domain can receive mail: its MX records, else its A or AAAA records (RFC 5321), a "null MX" or a name that does not exist meaning no. Addresses at such a domain get the finding "domain cannot receive mail" (invalid); addresses at a disposable-address service on the built-in list (mailinator.com, yopmail.com, ...) get "disposable address domain" (suspicious) without a lookup. Each domain is looked up once, by at most --dns-concurrency lookups at a time, each waiting --dns-timeout milliseconds (two attempts); a domain whose lookup fails is left unflagged and counted as unknown. The resolver is --resolver (an IP address with an optional port, e.g. 127.0.0.1:5353), else the first nameserver of /etc/resolv.conf. When it does not answer (offline), the report says so and no domain is checked. Only domains are sent to the resolver, never the part before @, and no domain is printed.

            Examples:
              dubblett validate kunder.csv
              dubblett validate kunder.csv --output kunder-tvattad.csv
              dubblett validate --json --reference-date 2026-01-31 kunder.csv | jq '.columns[].findings'
              dubblett validate kunder.csv --check-domains --resolver 192.168.1.1

            Standard input (-) is read up to --stdin-limit (2G by default); past it the command stops with exit 65.

            Exit status: 0 checked (findings are not errors), 64 bad options (a number out of its range, or \
            --output is the input), 65 the data cannot be read (or standard input is over its limit), 66 the \
            file is missing, 73 the output cannot be written (checked before the file is read), 74 the file \
            changed while it was read.
            """)

    @Argument(help: "The CSV file, or - for standard input.")
    var file: String

    @OptionGroup var read: ReadOptionGroup

    @Option(name: [.customShort("o"), .long], help: "Write the washed register here (CSV, UTF-8, same delimiter).")
    var output: String?

    @Option(name: .long,
            help: "Date for century inference and 'future' checks: YYYY-MM-DD or YYYYMMDD (default: today).")
    var referenceDate: String?

    @Flag(name: .long, help: "Print the report as JSON (for tools).")
    var json = false

    @Flag(name: .long, help: "Show progress on stderr even when it is not a terminal.")
    var progress = false

    @Flag(name: .long, help: "Print the time of each phase (read, check, write) on stderr.")
    var timing = false

    @Flag(name: .long, help: "Look up each e-mail domain in DNS (MX, then A/AAAA) and flag domains that cannot receive mail and disposable-address domains.")
    var checkDomains = false

    @Option(name: .long, help: ArgumentHelp("DNS resolver for --check-domains: an IP address with an optional port (default: the first nameserver of /etc/resolv.conf).", valueName: "address"))
    var resolver: String?

    @Option(name: .long, help: ArgumentHelp("Milliseconds to wait for each DNS answer (1-60000).", valueName: "ms"))
    var dnsTimeout = 2_000

    @Option(name: .long, help: ArgumentHelp("Most DNS lookups at a time (1-256).", valueName: "n"))
    var dnsConcurrency = 16

    mutating func validate() throws {
        _ = try reference()
        if let resolver, DNSClient.Server(resolver) == nil {
            throw ValidationError("--resolver \(resolver): give an IP address with an optional port, e.g. 127.0.0.1:5353 or [::1]:53.")
        }
        guard (1...60_000).contains(dnsTimeout) else {
            throw ValidationError("--dns-timeout must be between 1 and 60000 milliseconds (got \(dnsTimeout))")
        }
        guard (1...256).contains(dnsConcurrency) else {
            throw ValidationError("--dns-concurrency must be between 1 and 256 (got \(dnsConcurrency))")
        }
        if let output, output == file {
            throw ValidationError(
                "--output \(output) is the input file; the original is never overwritten. Choose another path.")
        }
        // The washed file and its rejects against the input, by device and inode (links included).
        try OutputExit.refuseClashes(
            outputs: [("--output", output), ("--output", output.map(RegisterValidator.rejectsPath(forWashed:)))],
            inputs: [file])
    }

    /// The reference date as yyyymmdd, 0 for today.
    func reference() throws -> Int32 {
        guard let referenceDate else { return 0 }
        let digits = referenceDate.filter(\.isASCII).filter(\.isNumber)
        let fourDigitYear = referenceDate.count == 8 ? digits.count == 8
            : referenceDate.count == 10 && referenceDate.prefix(4).allSatisfy { $0.isASCII && $0.isNumber }
        guard fourDigitYear, case .valid(let d) = DateParser.parse(referenceDate) else {
            throw ValidationError(
                "--reference-date \(referenceDate): give a date as YYYY-MM-DD or YYYYMMDD, e.g. 2026-01-31.")
        }
        return d
    }

    mutating func run() throws {
        if let output {
            try OutputExit.reporting {
                try OutputPaths.checkCreatable(output, option: "--output")
                try OutputPaths.checkCreatable(RegisterValidator.rejectsPath(forWashed: output), option: "--output")
            }
        }
        var options = try read.readOptions()
        let showProgress = progress || isatty(2) != 0
        let size = file == "-" ? 0 : ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        if showProgress && size >= 8 << 20 {
            let name = file
            options.progress = { done in
                let pct = min(100, done * 100 / max(1, size))
                FileHandle.standardError.write(Data("\rreading \(name): \(pct) %".utf8))
            }
        }
        let clock = ContinuousClock()
        var phaseStart = clock.now
        func phase(_ name: String) {
            guard timing else { return }
            let d = clock.now - phaseStart
            let ms = Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15
            Self.note("\(name): " + String(format: "%.0f ms\n", ms))
            phaseStart = clock.now
        }
        let store: RecordStore
        do {
            store = try CSVReader.read(path: file, options: options)
        } catch let error as ReadError {
            FileHandle.standardError.write(Data("\nerror: \(error.description)\n".utf8))
            throw ExitCode(Inspect.exitCode(for: error))
        }
        if showProgress { note("\rread \(store.rowCount) rows; checking ...") }
        phase("read \(store.rowCount) rows")
        var result = RegisterValidator.validate(store, referenceDate: try reference(), workers: read.workers)
        if showProgress { note(" done\n") }
        phase("check (\(read.workers) workers)")
        var domains: RegisterValidator.DomainCheckReport?
        if checkDomains {
            var dns = EmailDomainCheck.Options(server: resolver.flatMap(DNSClient.Server.init) ?? .system())
            dns.timeoutMilliseconds = dnsTimeout
            dns.concurrency = dnsConcurrency
            let report = RegisterValidator.checkDomains(store, &result, options: dns)
            if report.offline {
                note("warning: no DNS resolver answered at \(report.resolver); e-mail domains were not checked "
                     + "(offline? give a resolver with --resolver)\n")
            }
            domains = report
            phase("domain check (\(report.lookedUp) lookups)")
        }
        if let output {
            do {
                let rows = store.rowCount
                // Stale rejects go first: a new washed file never sits beside an earlier wash's rejects.
                try OutputPaths.removeStaleRejects(RegisterValidator.rejectsPath(forWashed: output))
                try RegisterValidator.writeWashed(store, result, to: output, progress: showProgress ? { done in
                    Self.note("\rwriting \(output): \(done * 100 / max(1, rows)) %")
                } : nil)
                if showProgress { note("\rwrote \(output) (\(rows) rows)\n") }
                let rejects = RegisterValidator.rejectsPath(forWashed: output)
                if try RegisterValidator.writeRejects(store, to: rejects) {
                    note("\(store.issues.excludedRows) rows the reader could not use are in \(rejects) "
                         + "(raw, with line number and problem); fix them there and wash again.\n")
                }
                phase("write \(output)")
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                throw ExitCode(73)
            }
        }
        print(json ? Self.renderJSON(store, result, domains: domains) : Self.renderText(store, result, domains: domains),
              terminator: "")
    }

    func note(_ s: String) { Self.note(s) }

    static func note(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }

    static func formatDate(_ d: Int32) -> String {
        String(format: "%04d-%02d-%02d", Int(d / 10_000), Int(d / 100 % 100), Int(d % 100))
    }

    /// The human-readable report (no field values).
    static func renderText(
        _ s: RecordStore, _ r: ValidationResult, domains: RegisterValidator.DomainCheckReport? = nil
    ) -> String {
        var out = "\(s.sourceName): \(r.rowCount) rows, \(s.columns.count) columns, "
            + "\(r.checkedColumns.count) checked (reference date \(formatDate(r.referenceDate)))\n"
        if s.issues.excludedRows > 0 {
            out += "  \(s.issues.excludedRows) unusable rows were left out (see `dubblett inspect`)\n"
        }
        let width = min(28, max(6, s.columns.map(\.name.count).max() ?? 6))
        out += "  " + "column".padding(toLength: width, withPad: " ", startingAt: 0)
            + "  check                filled   invalid  suspicious\n"
        for c in r.columns {
            let invalid = c.findings.filter { $0.severity == .invalid }.reduce(0) { $0 + $1.count }
            let suspicious = c.findings.filter { $0.severity == .suspicious }.reduce(0) { $0 + $1.count }
            let name = c.name.count > width ? String(c.name.prefix(width - 1)) + "…" : c.name
            out += "  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
            out += (c.check?.rawValue ?? "-").padding(toLength: 19, withPad: " ", startingAt: 0)
            out += String(format: "  %5.1f %%", c.fillRate * 100)
            out += c.check == nil ? "\n" : String(format: "  %7d  %10d\n", invalid, suspicious)
            for f in c.findings {
                let more = f.count > f.firstLines.count ? ", ..." : ""
                let lines = f.firstLines.map(String.init).joined(separator: ", ") + more
                let plural = f.firstLines.count > 1 ? "s" : ""
                out += "      \(f.severity.rawValue): \(f.reason): \(f.count) (line\(plural) \(lines))\n"
            }
        }
        let pct = r.rowCount == 0 ? 0 : Double(r.rowsWithFindings) * 100 / Double(r.rowCount)
        out += String(format: "  rows with findings: %d (%.1f %%)\n", r.rowsWithFindings, pct)
        if let d = domains { out += "  " + domainLine(d) + "\n" }
        return out
    }

    /// One line on the domain check (counts only).
    static func domainLine(_ d: RegisterValidator.DomainCheckReport) -> String {
        if d.offline {
            return "e-mail domains: \(d.domains) distinct, NOT checked: no DNS resolver answered at \(d.resolver)"
                + (d.disposable > 0 ? " (\(d.disposable) disposable, from the built-in list)" : "")
        }
        return "e-mail domains: \(d.domains) distinct, \(d.lookedUp) looked up at \(d.resolver) in "
            + String(format: "%.1f s", d.seconds) + ": \(d.receivesMail) receive mail, \(d.noMail) cannot, "
            + "\(d.disposable) disposable, \(d.unknown) unknown (no answer or server failure)"
    }

    /// The JSON report (stable keys, sorted).
    static func renderJSON(
        _ s: RecordStore, _ r: ValidationResult, domains: RegisterValidator.DomainCheckReport? = nil
    ) -> String {
        ValidationReport(s, r, domainCheck: domains).json()
    }
}
