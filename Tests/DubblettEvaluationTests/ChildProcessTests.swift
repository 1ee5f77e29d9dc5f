import Foundation
import Testing
@testable import Dubblett
@testable import DubblettEvaluation
import DubblettDatasets

@Suite("ChildProcess")
struct ChildProcessTests {
    @Test func reportsExitCodeOutputAndPeakMemory() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(getpid()).txt").path
        defer { unlink(out) }
        let r = try ChildProcess.run(executable: "/bin/sh", arguments: ["-c", "echo hello; exit 3"], stdoutPath: out)
        #expect(r.exitCode == 3)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "hello\n")
        #expect(r.peakResidentBytes > 0)
        #expect(r.wallSeconds >= 0)
    }

    @Test func signalledChildReportsSignalExitCode() throws {
        let r = try ChildProcess.run(executable: "/bin/sh", arguments: ["-c", "kill -9 $$"], stdoutPath: "/dev/null")
        #expect(r.exitCode == 128 + 9)
    }

    @Test func missingExecutableThrowsNamingIt() {
        #expect(throws: ChildProcessError.self) {
            try ChildProcess.run(executable: "/nonexistent/dubblett", arguments: [], stdoutPath: "/dev/null")
        }
    }
}
