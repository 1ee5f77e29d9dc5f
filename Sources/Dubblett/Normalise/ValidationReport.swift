import Foundation

/// The machine-readable report of a validation: rows, the reference date and every column's findings.
///
/// Counts, reasons and line numbers only, never a value. `dubblett validate --json` prints it and the
/// server's validate job writes it as `report.json`; keys are stable.
public struct ValidationReport: Codable, Sendable {
    /// The register's name as the reader knows it.
    public var file: String
    /// Rows checked.
    public var rows: Int
    /// Rows the reader could not use (left out of the check).
    public var excludedRows: Int
    /// The date used for century inference and 'future' checks, `YYYY-MM-DD`.
    public var referenceDate: String
    /// Rows with at least one finding.
    public var rowsWithFindings: Int
    /// Per column: its check, fill rate and findings.
    public var columns: [ColumnValidation]
    /// With `--check-domains`: what the DNS check of the e-mail domains found (counts only).
    public var domainCheck: RegisterValidator.DomainCheckReport?

    /// The report of `result` over `store`.
    public init(_ store: RecordStore, _ result: ValidationResult, domainCheck: RegisterValidator.DomainCheckReport? = nil) {
        self.domainCheck = domainCheck
        file = store.sourceName
        rows = result.rowCount
        excludedRows = store.issues.excludedRows
        let d = result.referenceDate
        referenceDate = String(format: "%04d-%02d-%02d", Int(d / 10_000), Int(d / 100 % 100), Int(d % 100))
        rowsWithFindings = result.rowsWithFindings
        columns = result.columns
    }

    /// The report as pretty JSON with sorted keys and a final newline.
    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
