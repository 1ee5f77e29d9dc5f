import Dubblett
import Foundation

/// A peer tool run on a benchmark dataset in the same invocation, so a user can check Dubblett's claim
/// against the peer on their own data and machine.
///
/// The peer runs as a child process (its wall time and peak memory are its own, as for Dubblett's cells)
/// and writes `clusters.csv` (`id,cluster_id`), which is scored against the dataset's truth with the same
/// evaluation as Dubblett's runs. Splink runs through `scripts/peers/splink_dedupe.py` in the Python
/// environment `scripts/setup-splink.sh` makes (`.venv-splink`), or the Python named by
/// `DUBBLETT_SPLINK_PYTHON`; see `docs/peers.md` for its configuration.
public struct PeerSummary: Codable, Sendable {
    public var dataset: String
    /// The peer and its version, e.g. `splink 5.0.0`.
    public var peer: String
    public var records: Int
    /// Wall seconds of the peer's whole process (start-up, reading and writing included).
    public var seconds: Double
    /// CPU seconds (user + system) of the peer's process.
    public var cpuSeconds: Double
    /// Peak resident memory of the peer's process tree's largest process (`ru_maxrss`), bytes.
    public var peakMemoryBytes: Int
    /// Candidate pairs the peer scored, when it says.
    public var candidatePairs: Int?
    public var pairwise: EvaluationReport.Scores
    public var bcubed: EvaluationReport.Scores
    public var multiRecordClusters: Int
}

/// The peers `dubblett bench --peer` can run.
public enum Peer: String, CaseIterable, Codable, Sendable {
    case splink

    /// Runs the peer on `dataset` and scores its clusters against the dataset's truth.
    /// - Parameters:
    ///   - root: the directory that holds `scripts/` and `.venv-splink` (the repository; normally the
    ///     working directory).
    ///   - scratch: a directory for the peer's output, standard output and standard error.
    /// - Throws: `BenchError` when the peer is not set up (saying how to set it up) or fails (with the
    ///   tail of its standard error); evaluation errors from reading its clusters.
    public func run(
        on dataset: BenchHarness.Dataset, workers: Int, root: String, scratch: String,
        progress: ((String) -> Void)? = nil
    ) throws -> PeerSummary {
        let (python, script) = try locate(root: root)
        let out = scratch + "/peer-\(rawValue)"
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let stdoutPath = scratch + "/peer-stdout.txt", stderrPath = scratch + "/peer-stderr.txt"
        progress?("bench \(dataset.name)/\(rawValue): running \(script)")
        let child = try ChildProcess.run(
            executable: python,
            arguments: [script, "--register", dataset.registerPath, "--out", out, "--threads", String(workers)],
            stdoutPath: stdoutPath, stderrPath: stderrPath)
        guard child.exitCode == 0 else {
            let err = (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? ""
            let tail = err.split(separator: "\n").suffix(8).joined(separator: "\n")
            throw BenchError("\(rawValue) on \(dataset.registerPath) failed (exit \(child.exitCode)):\n\(tail)")
        }
        let said = Self.lastJSONLine(stdoutPath)
        let report = try Evaluation.evaluate(
            predictedPath: out + "/clusters.csv", truthPath: dataset.truthPath, kind: .clusters, examples: 0,
            workers: workers)
        let version = (said?["splink"] as? String).map { " \($0)" } ?? ""
        progress?("bench \(dataset.name)/\(rawValue): \(BenchFormat.seconds(child.wallSeconds)), "
            + "\(BenchFormat.bytes(child.peakResidentBytes)) peak, F1 \(String(format: "%.4f", report.pairwise.f1))")
        return PeerSummary(
            dataset: dataset.name, peer: rawValue + version, records: report.records, seconds: child.wallSeconds,
            cpuSeconds: child.userSeconds + child.systemSeconds, peakMemoryBytes: child.peakResidentBytes,
            candidatePairs: said?["candidate_pairs"] as? Int, pairwise: report.pairwise, bcubed: report.bcubed,
            multiRecordClusters: report.predictedMultiClusters)
    }

    /// The Python interpreter and script for this peer (so a caller can fail before any run).
    /// - Throws: `BenchError` naming what is missing and how to set it up.
    public func locate(root: String) throws -> (python: String, script: String) {
        let fm = FileManager.default
        let script = root + "/scripts/peers/splink_dedupe.py"
        guard fm.fileExists(atPath: script) else {
            throw BenchError("--peer splink needs \(script); run bench from the repository's root folder")
        }
        if let named = ProcessInfo.processInfo.environment["DUBBLETT_SPLINK_PYTHON"], !named.isEmpty {
            guard fm.isExecutableFile(atPath: named) else {
                throw BenchError("DUBBLETT_SPLINK_PYTHON names \(named), which is not an executable")
            }
            return (named, script)
        }
        let venv = root + "/.venv-splink/bin/python3"
        guard fm.isExecutableFile(atPath: venv) else {
            throw BenchError("--peer splink: Splink is not set up; run scripts/setup-splink.sh (it makes "
                + ".venv-splink with Splink 5 and DuckDB), or set DUBBLETT_SPLINK_PYTHON to a Python that has Splink")
        }
        return (venv, script)
    }

    /// The last line of `path` that parses as a JSON object, or nil.
    static func lastJSONLine(_ path: String) -> [String: Any]? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n").reversed() {
            if let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] {
                return object
            }
        }
        return nil
    }
}
