import Dubblett
import DubblettEvaluation
import Foundation
import Testing

/// Smoke of the benchmark harness as a user runs it: the built `dubblett` binary, `bench` on the bundled
/// sample. Asserts that it ran and that the figures are sane, never a speed.
@Suite("dubblett bench (built binary)")
struct BenchSmokeTests {
    /// The package root, from this file's path (Tests/DubblettCLITests/BenchSmokeTests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The `dubblett` executable built beside the test bundle (`swift build --build-tests` builds both).
    static func binary() -> String? {
        var dirs: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append((exe as NSString).deletingLastPathComponent)
        }
        dirs.append((Bundle.main.bundlePath as NSString).deletingLastPathComponent)
        dirs.append(Bundle.main.bundlePath)
        dirs.append((CommandLine.arguments[0] as NSString).deletingLastPathComponent)
        dirs.append(root + "/.build/debug")
        return dirs.map { $0 + "/dubblett" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(_ arguments: [String], in dir: String) throws -> (exit: Int32, stdout: String, stderr: String) {
        let bin = try #require(Self.binary(), "no dubblett binary beside the tests: swift build --build-tests")
        let out = dir + "/stdout.txt", err = dir + "/stderr.txt"
        let r = try ChildProcess.run(executable: bin, arguments: arguments, stdoutPath: out, stderrPath: err)
        let stdout = try String(contentsOfFile: out, encoding: .utf8)
        return (r.exitCode, stdout, try String(contentsOfFile: err, encoding: .utf8))
    }

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-smoke-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func benchOnTheSampleReportsSaneFiguresAndAppendsHistory() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let history = dir + "/history.jsonl"
        let r = try run(["bench", "--dataset", Self.root + "/datasets/sample", "--runs", "1", "--json",
                         "--history", history, "--workers", "2"], in: dir)
        #expect(r.exit == 0, "bench failed: \(r.stderr)")
        let results = try JSONDecoder().decode(BenchResults.self, from: Data(r.stdout.utf8))
        #expect(results.schema == "dubblett-bench/1")
        let cell = try #require(results.cells.first)
        #expect(results.cells.count == 1)
        #expect(cell.dataset == "sample" && cell.strategy == "default" && cell.runs == 1)
        #expect(cell.records == 10_000)
        #expect(cell.recordsPerSecond > 0 && cell.totalSeconds > 0)
        #expect(cell.stages.starts(with: ["read", "features"]) && cell.stages.contains("cluster"))
        #expect(cell.stages.allSatisfy { (cell.stageRecordsPerSecond[$0] ?? 0) > 0 })
        #expect(cell.candidatePairs > 0)
        #expect(cell.blockingRules.reduce(0) { $0 + $1.pairs } == cell.candidatePairs)
        #expect(cell.ruleTruePairs.count == cell.blockingRules.count)
        #expect(cell.ruleTruePairs.reduce(0, +) == cell.trueCandidatePairs)
        #expect(cell.reductionRatio > 0.99 && cell.reductionRatio < 1)
        #expect(cell.pairCompleteness > 0.5 && cell.pairCompleteness <= 1)
        #expect(cell.trueCandidatePairs <= cell.truePairs && cell.truePairs > 0)
        for f1 in [cell.pairwise.f1, cell.bcubed.f1] { #expect(f1 > 0.5 && f1 <= 1) }
        #expect(cell.clusters > 0 && cell.clusters < cell.records)
        #expect(cell.peakMemoryBytes > 1_000_000)
        // Recall after clustering can exceed pair completeness only through transitive closure; the
        // pairs blocking never generated bound it from above otherwise. Sanity: not wildly above.
        #expect(cell.pairwise.recall <= 1)
        let lines = try BenchHistory.read(path: history)
        #expect(lines.count == 1)
        #expect(lines.first?.figures["sample/default/pairwiseF1"] == cell.pairwise.f1)
        #expect(!r.stderr.contains("@"), "progress must not print personal data such as e-mail addresses")
    }

    @Test func aMissingDatasetFailsWithATeachingMessage() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try run(["bench", "--dataset", dir, "--runs", "1", "--no-history"], in: dir)
        #expect(r.exit != 0)
        #expect(r.stderr.contains("register.csv is missing"))
        #expect(r.stderr.contains("dubblett generate"))
    }
}
