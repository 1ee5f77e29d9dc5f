import Foundation

/// The JSON run summary every caller writes beside a result: the input, the run report and, when the
/// caller evaluated the run against a truth file, that evaluation.
public struct RunSummaryFile<Truth: Encodable>: Encodable {
    /// The input file or files, as the caller names them (`a.csv + b.csv` for a link).
    public var input: String
    /// Counts and seconds per stage, the blocking report, the model's summary, warnings.
    public var report: RunReport
    /// The evaluation against a truth file, or `nil` (then left out of the JSON).
    public var truth: Truth?
    /// The validation of the register's columns (counts and line numbers, never values), or `nil`.
    public var validation: (any Encodable & Sendable)?

    /// A summary.
    public init(input: String, report: RunReport, truth: Truth? = nil, validation: (any Encodable & Sendable)? = nil) {
        self.input = input
        self.report = report
        self.truth = truth
        self.validation = validation
    }

    enum CodingKeys: String, CodingKey { case input, report, truth, validation }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(input, forKey: .input)
        try c.encode(report, forKey: .report)
        try c.encodeIfPresent(truth, forKey: .truth)
        if let validation { try c.encode(validation, forKey: .validation) }
    }
}

extension MatchWriters {
    /// Writes a finished run into `directory`: the data files (`write(_:to:workers:)`), then `summary.json`
    /// with the writers' time recorded in the report. The one sequence the CLI's `dedupe`/`link` and the
    /// server's jobs share.
    ///
    /// - Parameters:
    ///   - input: how the summary names the input (file names only; never a field value).
    ///   - evaluate: computes the truth evaluation after the files are written, or returns `nil`.
    /// - Returns: the names of the files written, `summary.json` last.
    /// - Throws: `AtomicFileError` when a file cannot be written; whatever `evaluate` throws.
    @discardableResult
    public static func writeRun<Truth: Encodable>(
        _ result: inout MatchResult, to directory: String, input: String, workers: Int,
        validation: (any Encodable & Sendable)? = nil, evaluate: (MatchResult) throws -> Truth?
    ) throws -> [String] {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let clock = ContinuousClock(), start = clock.now
        let files = try write(result, to: dir, workers: workers)
        let elapsed = clock.now - start
        result.recordWriteTime(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        let truth = try evaluate(result)
        try writeSummary(
            to: dir + "/summary.json",
            RunSummaryFile(input: input, report: result.report, truth: truth, validation: validation))
        return files + ["summary.json"]
    }
}
