import Dubblett
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Fault injection on the built `dubblett` binary: kills at many moments of a dedupe, a full disk, two
/// concurrent writers, outputs that are inputs through links. Asserts the guarantees of README.md "Safety of
/// outputs": the output directory holds exactly one complete run's files and no temporary file, the next
/// run removes what a killed one left, and no input is ever changed.
@Suite("output safety (built binary, fault injection)", .serialized)
struct OutputSafetyTests {
    /// Two seeded registers of 6,000 rows (A and B differ, so files of two runs cannot be told apart by accident), a
    /// model trained once (runs with --model skip training and take well under a second), and the
    /// reference result of each register.
    final class Fixture: Sendable {
        let dir: String
        let registerA: String
        let registerB: String
        let model: String
        /// Result files (name → bytes) of a complete run on A and on B, without summary.json and manifest.
        let referenceA: [String: Data]
        let referenceB: [String: Data]
        /// Wall time of one complete run with --model.
        let runSeconds: Double

        init() throws {
            dir = try scratch("fixture")
            registerA = dir + "/a.csv"
            registerB = dir + "/b.csv"
            model = dir + "/model.json"
            for (path, seed) in [(registerA, "11"), (registerB, "12")] {
                let r = try dubblett(["generate", "--rows", "6000", "--seed", seed, "--output", path, "--quiet"])
                guard r.exit == 0 else { throw FixtureError(message: "generate: \(r.stderr)") }
            }
            let trained = try dubblett(
                ["dedupe", registerA, "--out", dir + "/refA", "--save-model", model, "--quiet", "--workers", "2"])
            guard trained.exit == 0 else { throw FixtureError(message: "dedupe: \(trained.stderr)") }
            let start = DispatchTime.now().uptimeNanoseconds
            let b = try dubblett(
                ["dedupe", registerB, "--out", dir + "/refB", "--model", model, "--quiet", "--workers", "2"])
            runSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard b.exit == 0 else { throw FixtureError(message: "dedupe: \(b.stderr)") }
            _ = try dubblett(
                ["dedupe", registerA, "--out", dir + "/refA", "--model", model, "--quiet", "--workers", "2"])
            referenceA = try Self.comparable(dir + "/refA")
            referenceB = try Self.comparable(dir + "/refB")
        }

        /// The files of a result that do not depend on timing.
        static func comparable(_ out: String) throws -> [String: Data] {
            var files: [String: Data] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out)
            where name != "summary.json" && name != OutputDirectory.manifestName {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: out + "/" + name))
            }
            return files
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    static let fixture = Result { try Fixture() }

    // MARK: Helpers

    static func scratch(_ tag: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "dubblett-safety-\(tag)-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func binary() throws -> String {
        try #require(BenchSmokeTests.binary(), "no dubblett binary beside the tests: swift build --build-tests")
    }

    /// Starts `dubblett` (optionally through `/bin/sh -c PREFIX; exec ...`) with stdout and stderr to files.
    static func spawn(_ arguments: [String], shellPrefix: String? = nil, log: String) throws -> pid_t {
        let bin = try binary()
        var argv = [bin] + arguments
        if let shellPrefix { argv = ["/bin/sh", "-c", shellPrefix + "; exec \"$0\" \"$@\""] + argv }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, log + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, log + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, nil, cArgs, environ)
        guard rc == 0 else { throw FixtureError(message: "spawn: \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Waits for `pid`; its exit status, or 128 + the signal that killed it.
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }

    /// Runs `dubblett` to the end.
    @discardableResult
    static func dubblett(_ arguments: [String], shellPrefix: String? = nil) throws
        -> (exit: Int32, stdout: String, stderr: String)
    {
        let log = NSTemporaryDirectory() + "dubblett-safety-log-\(UUID().uuidString)"
        defer {
            unlink(log + ".out")
            unlink(log + ".err")
        }
        let code = wait(try spawn(arguments, shellPrefix: shellPrefix, log: log))
        return (
            code, (try? String(contentsOfFile: log + ".out", encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: log + ".err", encoding: .utf8)) ?? ""
        )
    }

    /// Entries of `dir`, sorted.
    static func entries(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
    }

    /// Asserts that `out` holds exactly one complete run on A or B: the manifest's files and nothing else,
    /// each of the size the manifest says, equal to that register's reference. Returns the run's id.
    @discardableResult
    static func expectOneCompleteRun(_ out: String, _ f: Fixture, _ context: String) throws -> String {
        let manifest = try #require(OutputDirectory.manifest(in: out), "\(context): no manifest in \(entries(out))")
        let names = manifest.files.map(\.name)
        #expect(entries(out) == (names + [OutputDirectory.manifestName]).sorted(), "\(context): stray files")
        for file in manifest.files {
            let size = (try? FileManager.default.attributesOfItem(atPath: out + "/" + file.name)[.size]) as? Int
            #expect(size == file.bytes, "\(context): \(file.name) has \(size ?? -1) bytes, manifest \(file.bytes)")
        }
        let input = try inputOfSummary(out)
        #expect(input == f.registerA || input == f.registerB, "\(context): summary names \(input)")
        let reference = input == f.registerA ? f.referenceA : f.referenceB
        #expect(try Fixture.comparable(out) == reference, "\(context): files of another run mixed in")
        return manifest.run
    }

    /// The register a result's summary.json names.
    static func inputOfSummary(_ out: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
        return try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["input"] as? String)
    }

    /// Names beside `out` that a run leaves only when killed.
    static func leftovers(beside out: String) -> [String] {
        let parent = (out as NSString).deletingLastPathComponent
        let name = (out as NSString).lastPathComponent
        return entries(parent).filter { $0.hasPrefix("." + name + ".dubblett-staging-") }
    }

    // MARK: Kills

    /// Kill -9 at moments spread over a whole run and at each step of the write phase (seen by polling the
    /// staging directory): the output directory is always exactly one complete run, A's or B's.
    @Test func killAtAnyMomentLeavesExactlyOneCompleteRun() throws {
        let f = try Self.fixture.get()
        let dir = try Self.scratch("kill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/res"
        let common = ["--out", out, "--model", f.model, "--quiet", "--workers", "2"]
        try #require(try Self.dubblett(["dedupe", f.registerA] + common).exit == 0)
        var previous = try Self.expectOneCompleteRun(out, f, "first run")
        var caught = 0
        // Time-based moments (fractions of a run), then "as soon as the staging directory holds X".
        let fractions: [Double] = [0.1, 0.4, 0.7, 0.9, 1.0]
        let stagedMarks = ["", "clusters.csv", "pairs.csv", "review.csv", "splits.csv", "summary.json",
                           OutputDirectory.manifestName]
        let moments = fractions.map { ($0, "") } + stagedMarks.map { (-1.0, $0) }
        for (k, (fraction, mark)) in moments.enumerated() {
            let register = k % 2 == 0 ? f.registerB : f.registerA
            let pid = try Self.spawn(["dedupe", register] + common, log: dir + "/log")
            if fraction >= 0 {
                usleep(UInt32(fraction * f.runSeconds * 1e6))
            } else {
                // Poll the staging directory (every 200 µs) for the mark, for at most two run lengths.
                let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(2 * f.runSeconds * 1e9)
                polling: while DispatchTime.now().uptimeNanoseconds < deadline {
                    for staging in Self.leftovers(beside: out) {
                        let inside = Self.entries((dir as NSString).appendingPathComponent(staging))
                        if mark.isEmpty || inside.contains(where: { $0 == mark || $0.hasPrefix("." + mark + ".tmp-") }) {
                            caught += 1
                            break polling
                        }
                    }
                    usleep(200)
                }
            }
            kill(pid, SIGKILL)
            let code = Self.wait(pid)
            let run = try Self.expectOneCompleteRun(out, f, "kill \(k) (\(fraction), \(mark)), exit \(code)")
            #expect(!Self.entries(out).contains { $0.contains(".tmp-") })
            if run != previous { previous = run }
        }
        #expect(caught >= 3, "the polling never caught the staging directory")
        // The next run removes every leftover, lock file included, and leaves a complete result.
        try #require(try Self.dubblett(["dedupe", f.registerA] + common).exit == 0)
        try Self.expectOneCompleteRun(out, f, "run after the kills")
        #expect(Self.leftovers(beside: out).isEmpty)
        #expect(Self.entries(dir).filter { $0.hasPrefix(".") }.isEmpty, "\(Self.entries(dir))")
    }

    /// A full disk (a file-size limit, with SIGXFSZ ignored so writes fail with EFBIG) fails the run with
    /// exit 73 and leaves the previous result as it was, with nothing beside it.
    @Test func fullDiskLeavesThePreviousResultIntact() throws {
        let f = try Self.fixture.get()
        let dir = try Self.scratch("full")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/res"
        let common = ["--out", out, "--model", f.model, "--quiet", "--workers", "2"]
        try #require(try Self.dubblett(["dedupe", f.registerA] + common).exit == 0)
        let before = try Self.expectOneCompleteRun(out, f, "before")
        // 64 blocks (32 or 64 KiB): the lock file fits, clusters.csv of 6,000 rows (about 70 KB) does not.
        let r = try Self.dubblett(["dedupe", f.registerB] + common, shellPrefix: "ulimit -f 64; trap '' XFSZ")
        #expect(r.exit == 73, "exit \(r.exit): \(r.stderr)")
        #expect(r.stderr.contains("cannot write \(out)/") && r.stderr.contains("File too large"), "\(r.stderr)")
        #expect(!r.stderr.contains("staging"), "\(r.stderr)")
        #expect(try Self.expectOneCompleteRun(out, f, "after the full disk") == before)
        #expect(Self.entries(dir) == ["res"])
    }

    /// A second writer to the same --out is refused (exit 75, naming the first one's process) while the
    /// first completes.
    @Test func aSecondConcurrentWriterIsRefused() throws {
        let f = try Self.fixture.get()
        let dir = try Self.scratch("lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = dir + "/res"
        let common = ["--out", out, "--model", f.model, "--quiet", "--workers", "2"]
        let first = try Self.spawn(["dedupe", f.registerA] + common, log: dir + "/first")
        let lock = dir + "/.res.dubblett-lock"
        var spins = 0
        while (try? String(contentsOfFile: lock, encoding: .utf8))?.isEmpty ?? true, spins < 20_000 {
            usleep(500)
            spins += 1
        }
        let second = try Self.dubblett(["dedupe", f.registerB] + common)
        let firstExit = Self.wait(first)
        #expect(second.exit == 75, "second: \(second.exit) \(second.stderr)")
        #expect(second.stderr.contains("in use by process \(first)"), "\(second.stderr)")
        #expect(firstExit == 0)
        #expect(try Self.inputOfSummary(out) == f.registerA)
        try Self.expectOneCompleteRun(out, f, "after two writers")
    }

    // MARK: Outputs that are inputs, foreign directories

    @Test func outputsThatAreInputsAreRefusedAndNoInputChanges() throws {
        let f = try Self.fixture.get()
        let dir = try Self.scratch("links")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let register = dir + "/in.csv"
        try FileManager.default.copyItem(atPath: f.registerA, toPath: register)
        try FileManager.default.createSymbolicLink(atPath: dir + "/sym.csv", withDestinationPath: register)
        try FileManager.default.linkItem(atPath: register, toPath: dir + "/hard.csv")
        let original = try Data(contentsOf: URL(fileURLWithPath: register))
        let modelBytes = try Data(contentsOf: URL(fileURLWithPath: f.model))
        let out = dir + "/res"
        let config = dir + "/config.json"
        let printed = try Self.dubblett(["generate", "--print-config"])
        try Data(printed.stdout.utf8).write(to: URL(fileURLWithPath: config))
        try FileManager.default.createSymbolicLink(atPath: dir + "/config-link.json", withDestinationPath: config)
        let configBytes = try Data(contentsOf: URL(fileURLWithPath: config))
        let cases: [[String]] = [
            ["validate", register, "-o", dir + "/sym.csv"],
            ["validate", register, "-o", dir + "/hard.csv"],
            ["validate", dir + "/sym.csv", "-o", register],
            ["dedupe", register, "--out", out, "--model", f.model, "--save-model", dir + "/hard.csv"],
            ["dedupe", register, "--out", out, "--model", f.model, "--save-model", f.model],
            ["dedupe", register, "--out", dir],
            ["dedupe", register, "--out", dir + "/", "--model", f.model],
            ["generate", "--rows", "10", "--config", config, "--output", dir + "/g.csv", "--truth",
             dir + "/config-link.json"],
            ["generate", "--rows", "10", "--config", config, "--output", dir + "/config-link.json"],
            ["bench", "--dataset", register + ":" + f.registerA, "--history", dir + "/hard.csv", "--runs", "1"],
        ]
        for arguments in cases {
            let r = try Self.dubblett(arguments + ["--quiet"].filter { _ in arguments[0] != "validate" })
            #expect(r.exit == 64, "\(arguments): exit \(r.exit) \(r.stderr)")
            #expect(r.stderr.contains("input"), "\(arguments): \(r.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: register)) == original)
        #expect(try Data(contentsOf: URL(fileURLWithPath: f.model)) == modelBytes)
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == configBytes)
        #expect(Self.entries(dir) == ["config-link.json", "config.json", "hard.csv", "in.csv", "sym.csv"])

        // An input inside an existing result: `dedupe DIR/clusters.csv --out DIR`.
        try #require(try Self.dubblett(["dedupe", register, "--out", out, "--model", f.model, "--quiet"]).exit == 0)
        let clusters = try Data(contentsOf: URL(fileURLWithPath: out + "/clusters.csv"))
        let r = try Self.dubblett(["dedupe", out + "/clusters.csv", "--out", out, "--quiet"])
        #expect(r.exit == 64 && r.stderr.contains("inside --out"), "\(r.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/clusters.csv")) == clusters)
    }

    /// A non-empty directory that is not a Dubblett result (even `--out .`) is refused before the register
    /// is read, and nothing in it is touched.
    @Test func aForeignDirectoryIsRefusedBeforeAnyWork() throws {
        let f = try Self.fixture.get()
        let dir = try Self.scratch("foreign")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        let r = try Self.dubblett(["dedupe", f.registerA, "--out", dir, "--model", f.model])
        #expect(r.exit == 73, "\(r.stderr)")
        #expect(r.stderr.contains("not a Dubblett result") && r.stderr.contains("notes.txt"), "\(r.stderr)")
        #expect(!r.stderr.contains("read:"), "refused only after reading: \(r.stderr)")
        #expect(Self.entries(dir) == ["notes.txt"])
        #expect(Self.leftovers(beside: dir).isEmpty)
        let lock = (dir as NSString).deletingLastPathComponent + "/." + (dir as NSString).lastPathComponent
            + ".dubblett-lock"
        #expect(!FileManager.default.fileExists(atPath: lock), "a refused run leaves its lock file")

        // A result the user added a file to is refused too, and keeps both.
        let out = dir + "/res"
        try #require(try Self.dubblett(["dedupe", f.registerA, "--out", out, "--model", f.model, "--quiet"]).exit == 0)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: out + "/my-notes.txt"))
        let again = try Self.dubblett(["dedupe", f.registerA, "--out", out, "--model", f.model, "--quiet"])
        #expect(again.exit == 73 && again.stderr.contains("my-notes.txt"), "\(again.stderr)")
        #expect(Self.entries(out).contains("my-notes.txt") && Self.entries(out).contains("clusters.csv"))
    }

    /// `validate -o` never leaves an earlier wash's rejects beside a new washed file.
    @Test func aCleanWashRemovesTheEarlierRejects() throws {
        let dir = try Self.scratch("rejects")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let register = dir + "/in.csv"
        try Data("id,namn\n1,Anna\n2,Bo,extra\n3,Eva\n".utf8).write(to: URL(fileURLWithPath: register))
        let washed = dir + "/washed.csv"
        try #require(try Self.dubblett(["validate", register, "-o", washed]).exit == 0)
        #expect(FileManager.default.fileExists(atPath: washed + ".rejects.csv"))
        try Data("id,namn\n1,Anna\n3,Eva\n".utf8).write(to: URL(fileURLWithPath: register))
        try #require(try Self.dubblett(["validate", register, "-o", washed]).exit == 0)
        #expect(Self.entries(dir) == ["in.csv", "washed.csv"])
    }

    @Test func aDeviceAsModelSaysSo() throws {
        let r = try Self.dubblett(["dedupe", "/nonexistent.csv", "--model", "/dev/null", "--out",
                                   NSTemporaryDirectory() + "dubblett-never-\(UUID().uuidString)"])
        #expect(r.exit == 66, "\(r.stderr)")
        #expect(r.stderr.contains("/dev/null: a character device, not a file"), "\(r.stderr)")
        #expect(!r.stderr.contains("permission"))
    }
}

/// `OutputDirectory` in process: what counts as replaceable, the lock, staging of extra outputs, links.
@Suite("OutputDirectory")
struct OutputDirectoryTests {
    let root: String

    init() throws { root = try OutputSafetyTests.scratch("unit") }

    func write(_ text: String, _ path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func entries(_ dir: String) -> [String] { OutputSafetyTests.entries(dir) }

    @Test func aCommittedRunIsTheWholeDirectoryWithItsManifest() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/deep/res"
        let first = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
        #expect(!FileManager.default.fileExists(atPath: out))
        try write("a", first.file("a.csv"))
        try first.commit()
        #expect(entries(out) == ["a.csv", OutputDirectory.manifestName])
        #expect(entries(root + "/deep") == ["res"])
        let second = try OutputDirectory.prepare(path: out + "/", inputs: [], command: "test")
        try write("b", second.file("b.csv"))
        #expect(entries(out) == ["a.csv", OutputDirectory.manifestName])
        try second.commit()
        #expect(entries(out) == ["b.csv", OutputDirectory.manifestName])
        #expect(OutputDirectory.manifest(in: out)?.files.map(\.name) == ["b.csv"])
        #expect(OutputDirectory.manifest(in: out)?.run == second.runID)
        #expect(entries(root + "/deep") == ["res"])
    }

    @Test func aRunDroppedWithoutCommitLeavesThePreviousResultAndNothingBeside() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/res"
        let first = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
        try write("a", first.file("a.csv"))
        try first.commit()
        do {
            let failed = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
            try write("half", failed.file("a.csv"))
        }
        #expect(entries(root) == ["res"])
        #expect(try String(contentsOfFile: out + "/a.csv", encoding: .utf8) == "a")
    }

    @Test func aSecondWriterIsRefusedUntilTheFirstCommits() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/res"
        let first = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
        #expect {
            _ = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
        } throws: { error in
            (error as? OutputLocationError)?.exitCode == 75
                && "\(error)".contains("in use by process \(getpid())")
        }
        try first.commit()
        try OutputDirectory.prepare(path: out, inputs: [], command: "test").commit()
    }

    @Test func onlyEmptyDirectoriesAndDubblettResultsAreReplaced() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let legacy = root + "/legacy"
        try FileManager.default.createDirectory(atPath: legacy, withIntermediateDirectories: true)
        try write("{\"input\":\"x\",\"report\":{}}", legacy + "/summary.json")
        try write("id,cluster_id\n", legacy + "/clusters.csv")
        try write("", legacy + "/.pairs.csv.tmp-1-2")
        try OutputDirectory.prepare(path: legacy, inputs: [], command: "test").commit()
        #expect(entries(legacy) == [OutputDirectory.manifestName])

        let empty = root + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        try OutputDirectory.prepare(path: empty, inputs: [], command: "test").commit()

        let mine = root + "/mine"
        try FileManager.default.createDirectory(atPath: mine, withIntermediateDirectories: true)
        try write("{}", mine + "/summary.json")  // no run report: not a Dubblett result
        try write("x", mine + "/clusters.csv")
        #expect { try OutputDirectory.prepare(path: mine, inputs: [], command: "test") } throws: {
            ($0 as? OutputLocationError)?.exitCode == 73
        }
        #expect(entries(mine) == ["clusters.csv", "summary.json"])
        #expect(entries(root).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func anExtraOutputDirectlyInsideIsPartOfTheResult() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/res"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let run = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
        #expect(try run.destination(forOutput: out + "/model.json", option: "--save-model") == run.file("model.json"))
        #expect(try run.destination(forOutput: root + "/m.json", option: "--save-model") == root + "/m.json")
        #expect(throws: OutputLocationError.self) {
            try run.destination(forOutput: out + "/" + OutputDirectory.manifestName, option: "--save-model")
        }
    }

    @Test func aSymbolicLinkAsOutIsFollowedAndStays() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/real")
        let run = try OutputDirectory.prepare(path: root + "/link", inputs: [], command: "test")
        try write("a", run.file("a.csv"))
        try run.commit()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/link") == root + "/real")
        #expect(entries(root + "/real") == ["a.csv", OutputDirectory.manifestName])
    }
}

extension OutputDirectoryTests {
    @Test func saveModelIntoAnOutThatDoesNotExistYetIsStaged() throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let out = root + "/new/res"
        let run = try OutputDirectory.prepare(path: out, inputs: [], command: "test")
        #expect(try run.destination(forOutput: out + "/model.json", option: "--save-model") == run.file("model.json"))
        #expect { try run.destination(forOutput: root + "/missing/m.json", option: "--save-model") } throws: {
            "\($0)".contains("does not exist")
        }
        try OutputPaths.checkCreatable(root + "/a/b/history.jsonl", option: "--history", createsFolders: true)
    }
}
