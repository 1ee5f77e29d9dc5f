import ArgumentParser
import Dubblett
import DubblettEvaluation
import Foundation
import Testing
@testable import DubblettCLI

/// Numbers out of range, negative numbers, file names that look like options, endless standard input:
/// each a usage or data error with the allowed range, never a crash, a hang or a silent success.
@Suite("Hostile command lines")
struct HostileInputTests {
    /// Runs the built `dubblett` through `/bin/sh -c` (for redirections); exit code, stdout, stderr.
    func shell(_ script: String) throws -> (exit: Int32, stdout: String, stderr: String) {
        let bin = try #require(BenchSmokeTests.binary(), "no dubblett binary beside the tests: swift build --build-tests")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try ChildProcess.run(
            executable: "/bin/sh", arguments: ["-c", "cd '\(dir)' && DUBBLETT='\(bin)' && " + script],
            stdoutPath: dir + "/out.txt", stderrPath: dir + "/err.txt")
        return (
            r.exitCode, try String(contentsOfFile: dir + "/out.txt", encoding: .utf8),
            try String(contentsOfFile: dir + "/err.txt", encoding: .utf8)
        )
    }

    func message(_ body: () throws -> Void) -> String {
        do { try body() } catch { return Dedupe.message(for: error) }
        return ""
    }

    @Test func negativeThresholdsAreNumbersNotOptions() throws {
        let d = try Dedupe.parse(["k.csv", "--match-threshold", "-4", "--review-threshold", "-7.5"])
        #expect(d.options.matchThreshold == -4 && d.options.reviewThreshold == -7.5)
        let s = try d.options.matchSettings()
        #expect(s.matchThreshold == -4 && s.reviewThreshold == -7.5)
    }

    @Test(arguments: ["nan", "inf", "-inf", "1e300", "-101"])
    func thresholdsMustBeFiniteAndInRange(_ value: String) {
        let text = message { _ = try Dedupe.parse(["k.csv", "--match-threshold", value]) }
        #expect(text.contains("--match-threshold must be a number from -100 to 100"), "\(text)")
    }

    @Test func thresholdsMustBeInOrder() {
        #expect(throws: SettingsError.self) {
            _ = try Dedupe.parse(["k.csv", "--match-threshold", "-4", "--review-threshold", "2"]).options
                .matchSettings()
        }
    }

    @Test(arguments: [["inspect", "k.csv"], ["validate", "k.csv"], ["dedupe", "k.csv"], ["generate", "-o", "g"]])
    func workersAreBoundedWithTheRangeInTheMessage(_ command: [String]) {
        for workers in ["100000", "0", "-3"] {
            let text = message { _ = try DubblettCommand.parseAsRoot(command + ["--workers", workers]) }
            #expect(text.contains("--workers must be a whole number from 1 to 256"), "\(command) \(workers): \(text)")
        }
        #expect((try? DubblettCommand.parseAsRoot(command + ["--workers", "256"])) != nil)
    }

    @Test func generatedRowsAreBounded() {
        let text = message { _ = try Generate.parse(["--rows", "100000M", "-o", "g"]) }
        #expect(text.contains("--rows must be from 1 to 100M"))
        #expect(message { _ = try Generate.parse(["--rows", "0", "-o", "g"]) }.contains("--rows must be"))
        #expect((try? Generate.parse(["--rows", "100M", "-o", "g"])) != nil)
        #expect(message { _ = try Bench.parse(["--runs", "1000000"]) }.contains("--runs must be from 1 to 100"))
        #expect(message { _ = try Bench.parse(["--scaling", "1,100000M"]) }.contains("from 2 to 100M"))
        #expect(message { _ = try Evaluate.parse(["p.csv", "t.csv", "--examples", "-1"]) }.contains("0 to 100000"))
    }

    @Test func aSeedOutOfRangeNamesTheRange() {
        let text = message { _ = try Generate.parse(["--seed", "-1", "-o", "g"]) }
        #expect(text.contains("-1") && text.contains("0 to 18446744073709551615"), "\(text)")
    }

    @Test func stdinLimitSizes() throws {
        #expect(ByteSize(argument: "512M")?.bytes == 512 << 20)
        #expect(ByteSize(argument: "8G")?.bytes == 8 << 30)
        #expect(ByteSize(argument: "1.5KiB")?.bytes == 1536)
        #expect(ByteSize(argument: "1000")?.bytes == 1000)
        for bad in ["", "0", "-1G", "nan", "G", "1P"] { #expect(ByteSize(argument: bad) == nil, "\(bad)") }
    }

    @Test func aWordStartingWithADashIsNotTakenForFlags() {
        #expect(DubblettCommand.unparseableDashWord(["dedupe", "-dash.csv"]) == "-dash.csv")
        #expect(DubblettCommand.unparseableDashWord(["dedupe", "--", "-dash.csv"]) == nil)
        #expect(DubblettCommand.unparseableDashWord(["dedupe", "k.csv", "--match-threshold", "-4.5"]) == nil)
        #expect(DubblettCommand.unparseableDashWord(["inspect", "-", "-o", "x"]) == nil)
    }

    @Test func aDashFileNameIsAUsageErrorNotHelp() throws {
        let r = try shell("printf 'id,namn\\n1,A\\n' > ./-dash.csv && \"$DUBBLETT\" inspect -dash.csv")
        #expect(r.exit == 64)
        #expect(r.stderr.contains("'-dash.csv' is not an option") && r.stderr.contains("-- -dash.csv"))
        #expect(!r.stdout.contains("USAGE"))
        let ok = try shell("printf 'id,namn\\n1,A\\n' > ./-dash.csv && \"$DUBBLETT\" inspect -- -dash.csv")
        #expect(ok.exit == 0 && ok.stdout.contains("1 usable"), "\(ok.stderr)")
    }

    @Test func endlessStandardInputEndsWithAClearError() throws {
        let r = try shell("\"$DUBBLETT\" inspect - --stdin-limit 8M < /dev/zero")
        #expect(r.exit == 65)
        #expect(r.stderr.contains("<stdin>: more than 8388608 bytes") && r.stderr.contains("--stdin-limit"))
        let v = try shell("\"$DUBBLETT\" validate - --stdin-limit 1M < /dev/zero")
        #expect(v.exit == 65 && v.stderr.contains("--stdin-limit"))
        let d = try shell("\"$DUBBLETT\" dedupe - --stdin-limit 1M --quiet --out o < /dev/zero")
        #expect(d.exit == 65 && d.stderr.contains("--stdin-limit"), "\(d.stderr)")
    }

    @Test func aFileChangedWhileReadIsAnIOError() {
        #expect(ExitCodes.code(for: ReadError.changedWhileReading(path: "k.csv", detail: "x")) == 74)
        #expect(ExitCodes.code(for: ReadError.inputTooLarge(name: "<stdin>", limit: 1)) == 65)
    }

    @Test func identicalRecordsClusterWithAWarningOnStderrEvenWhenQuiet() throws {
        var text = "id,förnamn,efternamn,personnummer,e-post\n"
        for i in 1...60 { text += "\(i),Anna,Andersson,19800101-0008,anna.andersson@example.se\n" }
        let script = "printf '\(text)' > same.csv && \"$DUBBLETT\" dedupe same.csv --quiet --out o"
        let r = try shell(script)
        #expect(r.exit == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: the model was not trained"))
        #expect(r.stdout.contains("largest 60"))
    }

    @Test func readErrorsOfDedupeHaveTheirExitCodes() throws {
        let r = try shell("\"$DUBBLETT\" dedupe missing.csv --quiet --out o")
        #expect(r.exit == 66 && r.stderr.contains("missing.csv: no such file"))
    }
}
