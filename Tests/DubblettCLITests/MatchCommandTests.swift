import Dubblett
import DubblettDatasets
import Foundation
import Testing

/// `dedupe` and `link` end to end through the built `dubblett` binary, as a user runs them.
@Suite("dubblett dedupe and link (built binary)")
struct MatchCommandTests {
    /// A generated register with truth in a fresh folder.
    static func register(rows: Int, seed: UInt64) throws -> (dir: String, register: String, truth: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("match-cmd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let reg = dir + "/register.csv", truth = dir + "/truth.csv"
        _ = try RegisterGenerator(seed: seed).generate(rows: rows, registerPath: reg, truthPath: truth, workers: 2)
        return (dir, reg, truth)
    }

    func run(_ arguments: [String], in dir: String) throws -> (exit: Int32, stdout: String, stderr: String) {
        try BenchSmokeTests().run(arguments, in: dir)
    }

    @Test func oneAndTwoWorkersWriteByteIdenticalFiles() throws {
        let r = try Self.register(rows: 3000, seed: 11)
        for workers in ["1", "2"] {
            let res = try run(["dedupe", r.register, "--out", r.dir + "/w" + workers, "--workers", workers], in: r.dir)
            #expect(res.exit == 0, "\(res.stderr)")
        }
        for file in ["clusters.csv", "pairs.csv", "review.csv", "splits.csv"] {
            let one = try Data(contentsOf: URL(fileURLWithPath: r.dir + "/w1/" + file))
            let two = try Data(contentsOf: URL(fileURLWithPath: r.dir + "/w2/" + file))
            #expect(one == two, "\(file) differs between 1 and 2 workers")
            #expect(one.count > 30, "\(file) is empty")
        }
    }

    @Test func clusterIdsAreTheSmallestMemberIdAndSurviveReordering() throws {
        let r = try Self.register(rows: 1500, seed: 12)
        // The same register with its rows reversed: cluster ids must not change.
        let text = try String(contentsOfFile: r.register, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = lines.removeFirst()
        try ([header] + lines.reversed()).joined(separator: "\n").appending("\n")
            .write(toFile: r.dir + "/reversed.csv", atomically: true, encoding: .utf8)
        for (input, out) in [(r.register, "a"), (r.dir + "/reversed.csv", "b")] {
            let res = try run(["dedupe", input, "--out", r.dir + "/" + out, "--quiet"], in: r.dir)
            #expect(res.exit == 0, "\(res.stderr)")
        }
        func clusters(_ out: String) throws -> [String: String] {
            let rows = try String(contentsOfFile: r.dir + "/" + out + "/clusters.csv", encoding: .utf8)
                .split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0[0], $0[1]) })
        }
        let a = try clusters("a"), b = try clusters("b")
        #expect(a.count == 1500)
        var members: [String: [String]] = [:]
        for (id, cluster) in a { members[cluster, default: []].append(id) }
        #expect(members.values.contains { $0.count >= 2 })
        for (cluster, ids) in members {
            #expect(ids.contains(cluster), "a cluster is named by one of its members")
            #expect(ids.allSatisfy { Int($0)! >= Int(cluster)! }, "the smallest member names the cluster")
        }
        let moved = a.filter { b[$0.key] != $0.value }.count
        #expect(Double(moved) < 0.01 * Double(a.count), "\(moved) records changed cluster id after reordering")
    }

    @Test func workersOneNeverStartsASecondThread() throws {
        let r = try Self.register(rows: 40000, seed: 13)
        let bin = try #require(BenchSmokeTests.binary())
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = ["dedupe", r.register, "--out", r.dir + "/one", "--workers", "1", "--quiet"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        var most = 0, samples = 0
        while p.isRunning {
            if let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(p.processIdentifier)/task") {
                most = max(most, tasks.count)
                samples += 1
            }
            usleep(1000)
        }
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(samples > 20, "too few samples (\(samples)) to tell")
        #expect(most == 1, "the process had \(most) threads")
    }

    @Test func linkGivesRecordsOfTheFirstFileTheirBestMatchInTheSecond() throws {
        let r = try Self.register(rows: 2000, seed: 14)
        let lines = try String(contentsOfFile: r.register, encoding: .utf8).split(separator: "\n").map(String.init)
        let body = lines.dropFirst()
        try ([lines[0]] + body.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)).joined(separator: "\n")
            .appending("\n").write(toFile: r.dir + "/a.csv", atomically: true, encoding: .utf8)
        try ([lines[0]] + body.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)).joined(separator: "\n")
            .appending("\n").write(toFile: r.dir + "/b.csv", atomically: true, encoding: .utf8)
        let res = try run(["link", r.dir + "/a.csv", r.dir + "/b.csv", "--out", r.dir + "/link", "--quiet"], in: r.dir)
        #expect(res.exit == 0, "\(res.stderr)")
        let aIDs = Set(lines.dropFirst().enumerated().filter { $0.offset % 2 == 0 }.map { $0.element.split(separator: ",")[0] })
        let links = try String(contentsOfFile: r.dir + "/link/links.csv", encoding: .utf8).split(separator: "\n")
        #expect(links.first == "id_a,id_b,match_weight,match_probability")
        #expect(links.count > 50)
        for line in links.dropFirst() { #expect(aIDs.contains(line.split(separator: ",")[0])) }
        let files = try FileManager.default.contentsOfDirectory(atPath: r.dir + "/link").sorted()
        #expect(files == ["dubblett-manifest.json", "links.csv", "pairs.csv", "review.csv", "summary.json"])
    }

    @Test(arguments: [
        ["dedupe", "missing.csv"], ["link", "missing.csv", "missing2.csv"], ["inspect", "missing.csv"],
        ["validate", "missing.csv"],
    ])
    func aMissingInputExits66(_ arguments: [String]) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let res = try run(arguments.map { $0.hasSuffix(".csv") ? dir + "/" + $0 : $0 }, in: dir)
        #expect(res.exit == 66, "exit \(res.exit): \(res.stderr)")
        #expect(res.stderr.contains("missing.csv"))
    }

    @Test func negativeThresholdsAreAcceptedAsValues() throws {
        let r = try Self.register(rows: 800, seed: 15)
        let res = try run(
            ["dedupe", r.register, "--out", r.dir + "/neg", "--match-threshold", "-4", "--review-threshold", "-6",
             "--quiet"], in: r.dir)
        #expect(res.exit == 0, "\(res.stderr)")
        #expect(res.stdout.contains("weight ≥ -4.0"))
    }

    @Test func aNonFiniteThresholdIsRefusedBeforeAnyWork() throws {
        let r = try Self.register(rows: 100, seed: 16)
        let res = try run(["dedupe", r.register, "--out", r.dir + "/nan", "--match-threshold", "nan"], in: r.dir)
        #expect(res.exit == 64)
        #expect(res.stderr.contains("--match-threshold"))
        #expect(!FileManager.default.fileExists(atPath: r.dir + "/nan/clusters.csv"))
    }
}
