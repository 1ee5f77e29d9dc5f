import Dubblett
import DubblettReport
import Foundation
import Testing

/// `dubblett report DIR` through the built binary: the page is added to the result as a whole, the other
/// files are kept byte for byte, missing files are named, and bad directories get the documented exits.
@Suite("dubblett report (built binary)")
struct ReportCommandTests {
    func run(_ arguments: [String], in dir: String) throws -> (exit: Int32, stdout: String, stderr: String) {
        try BenchSmokeTests().run(arguments, in: dir)
    }

    /// A dedupe of a generated register without `--report`.
    func result() throws -> (dir: String, out: String, truth: String) {
        let r = try MatchCommandTests.register(rows: 2000, seed: 21)
        let res = try run(["dedupe", r.register, "--out", r.dir + "/out", "--quiet"], in: r.dir)
        #expect(res.exit == 0, "\(res.stderr)")
        return (r.dir, r.dir + "/out", r.truth)
    }

    func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    @Test func addsTheReportAndKeepsEveryOtherFile() throws {
        let (dir, out, truth) = try result()
        let before = try ["clusters.csv", "pairs.csv", "review.csv", "splits.csv", "summary.json"].map { try bytes(out + "/" + $0) }
        let res = try run(["report", out, "--truth", truth], in: dir)
        #expect(res.exit == 0, "\(res.stderr)")
        #expect(res.stdout.hasPrefix("report             \(out)/report.html"))
        let after = try ["clusters.csv", "pairs.csv", "review.csv", "splits.csv", "summary.json"].map { try bytes(out + "/" + $0) }
        #expect(before == after)
        let manifest = try #require(OutputDirectory.manifest(in: out))
        #expect(manifest.files.map(\.name).contains("report.html"))
        #expect(manifest.command == "dedupe")
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("id=\"chart-curve\""), "--truth draws the threshold curve")
        // The explained pairs: at most 50, each a pair the result files list.
        let listed = try String(contentsOfFile: out + "/pairs.csv", encoding: .utf8).split(separator: "\n").count
            + (try String(contentsOfFile: out + "/review.csv", encoding: .utf8).split(separator: "\n").count) - 2
        #expect(html.components(separatedBy: "<details class=\"pair\"").count - 1 == min(50, listed))
        // Running it again replaces the page and still keeps the files.
        #expect(try run(["report", out, "--lang", "sv"], in: dir).exit == 0)
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("lang=\"sv\""))
        #expect(try bytes(out + "/clusters.csv") == before[0])
    }

    @Test func namesMissingFilesAndStillReports() throws {
        let (dir, out, _) = try result()
        try FileManager.default.removeItem(atPath: out + "/review.csv")
        try FileManager.default.removeItem(atPath: out + "/clusters.csv")
        let res = try run(["report", out], in: dir)
        #expect(res.exit == 0, "\(res.stderr)")
        #expect(res.stdout.contains("missing            clusters.csv, review.csv"))
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("clusters.csv, review.csv"))
        #expect(html.contains("id=\"chart-weights\""))
        #expect(!html.contains("id=\"chart-clusters\""))
    }

    @Test func refusesWhatIsNotAResult() throws {
        let (dir, out, _) = try result()
        #expect(try run(["report", dir + "/nothing-here"], in: dir).exit == 66)
        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let r = try run(["report", empty], in: dir)
        #expect(r.exit == 65 && r.stderr.contains("holds none of a result's files"), "\(r.stderr)")
        #expect(try run(["report", out, "--truth", dir + "/no-truth.csv"], in: dir).exit == 66)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/notes.txt"))
        #expect(try run(["report", out], in: dir).exit == 73)
        #expect(!FileManager.default.fileExists(atPath: out + "/report.html"))
    }
}
