/// The e-mail domain check of `dubblett validate --check-domains`.
extension RegisterValidator {
    /// The finding of an address whose domain cannot receive mail (DNS).
    public static let noMailReason = "domain cannot receive mail (no MX, A or AAAA record, or it does not exist)"
    /// The finding of an address at a disposable-address service.
    public static let disposableReason = "disposable address domain"

    /// What the domain check did, for the report (counts only, no domain).
    public struct DomainCheckReport: Sendable, Codable, Equatable {
        /// Distinct domains among the syntactically valid addresses.
        public var domains = 0
        public var lookedUp = 0
        public var receivesMail = 0
        public var noMail = 0
        public var disposable = 0
        /// Domains the resolver failed on or did not answer for (their addresses are not flagged).
        public var unknown = 0
        /// No resolver answered: nothing was checked.
        public var offline = false
        public var resolver: String
        public var seconds = 0.0
    }

    /// Looks up the domain of every syntactically valid address in the e-mail columns of `result` once and
    /// adds the findings "domain cannot receive mail" (invalid) and "disposable address domain"
    /// (suspicious) to `result`: its codes, the columns' findings and `rowsWithFindings`.
    /// An address already flagged as invalid keeps its finding; a suspected typo becomes "cannot receive
    /// mail" when its domain cannot.
    public static func checkDomains(
        _ store: RecordStore, _ result: inout ValidationResult, options: EmailDomainCheck.Options
    ) -> DomainCheckReport {
        var report = DomainCheckReport(resolver: options.server.description)
        let emailChecks = result.checkedColumns.enumerated().filter { result.columns[$0.element].check == .email }
        guard !emailChecks.isEmpty else { return report }
        let rows = result.rowCount
        // Distinct domains by hash; a domain's bytes are kept once.
        var index: [UInt64: Int32] = [:]
        var domains: [[UInt8]] = []
        var domainOf = [Int32](repeating: -1, count: rows * emailChecks.count)
        var scratch = [UInt8](repeating: 0, count: 1024)
        let typo = UInt8(EmailProblem.allCases.count) + 1
        for (e, (k, column)) in emailChecks.enumerated() {
            for row in 0..<rows {
                let code = result.code(checked: k, row: row)
                guard code == 0 || code == typo else { continue }
                let field = store.field(row: row, column: column)
                if scratch.count < 3 * field.count + 16 { scratch = [UInt8](repeating: 0, count: 3 * field.count + 16) }
                let id: Int32 = scratch.withUnsafeMutableBufferPointer { out in
                    let length: Int
                    switch EmailAddress.normalise(field, into: out) {
                    case .valid(let n), .suspectedTypo(let n, _): length = n
                    default: return -1
                    }
                    var at = length - 1
                    while at >= 0 && out[at] != 0x40 { at -= 1 }
                    guard at >= 0, at + 1 < length else { return -1 }
                    let domain = UnsafeRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[(at + 1)..<length]))
                    let h = XXH3.hash(domain)
                    if let id = index[h] { return id }
                    let id = Int32(domains.count)
                    index[h] = id
                    domains.append(Array(domain))
                    return id
                }
                domainOf[e * rows + row] = id
            }
        }
        report.domains = domains.count
        let outcome = EmailDomainCheck.check(domains, options: options)
        report.offline = outcome.offline
        report.lookedUp = outcome.offline ? 0 : outcome.lookedUp
        report.seconds = outcome.seconds
        for v in outcome.verdicts {
            switch v {
            case .receivesMail: report.receivesMail += 1
            case .noMail: report.noMail += 1
            case .disposable: report.disposable += 1
            case .unknown: report.unknown += 1
            }
        }
        let noMailCode = typo + 1, disposableCode = typo + 2
        for (e, (k, column)) in emailChecks.enumerated() {
            for row in 0..<rows {
                let id = domainOf[e * rows + row]
                guard id >= 0 else { continue }
                let old = result.codes[k * rows + row]
                switch outcome.verdicts[Int(id)] {
                case .noMail: result.codes[k * rows + row] = noMailCode
                case .disposable where old == 0: result.codes[k * rows + row] = disposableCode
                default: break
                }
            }
            refreshFindings(store, &result, checked: k, column: column)
        }
        var flagged = 0
        let checked = result.checkedColumns.count
        for row in 0..<rows where (0..<checked).contains(where: { result.codes[$0 * rows + row] != 0 }) { flagged += 1 }
        result.rowsWithFindings = flagged
        return report
    }

    /// Recounts the findings of checked column `k` from its codes.
    static func refreshFindings(_ store: RecordStore, _ result: inout ValidationResult, checked k: Int, column: Int) {
        guard let check = result.columns[column].check else { return }
        let reasons = check.reasons
        var counts = [Int](repeating: 0, count: reasons.count)
        var lines = [[Int]](repeating: [], count: reasons.count)
        for row in 0..<result.rowCount {
            let code = Int(result.codes[k * result.rowCount + row])
            guard code > 0 else { continue }
            counts[code - 1] += 1
            if lines[code - 1].count < firstLinesKept { lines[code - 1].append(store.lineNumber(row: row)) }
        }
        result.columns[column].findings = reasons.enumerated().compactMap { r, reason in
            counts[r] == 0 ? nil : .init(reason: reason.reason, severity: reason.severity, count: counts[r],
                                         firstLines: lines[r])
        }
    }
}
