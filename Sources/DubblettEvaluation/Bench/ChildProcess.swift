import Dubblett
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a child process and measures it: wall time, CPU time and peak resident memory.
///
/// The benchmark harness runs every measured job in a child process of its own so that peak memory
/// (`ru_maxrss` from `wait4(2)`) belongs to that job alone and one run cannot warm or pollute the next.
/// Standard output and standard error of the child are captured into files the caller names.
public struct ChildProcessResult: Sendable {
    /// Exit status, or 128 + signal number when the child was killed by a signal.
    public let exitCode: Int32
    public let wallSeconds: Double
    public let userSeconds: Double
    public let systemSeconds: Double
    /// Peak resident set size of the child in bytes (Linux reports kilobytes; converted here).
    public let peakResidentBytes: Int
}

/// Spawning a child failed before it ran.
public struct ChildProcessError: Error, CustomStringConvertible {
    public let executable: String
    public let reason: String
    public var description: String { "cannot run \(executable): \(reason)" }
}

public enum ChildProcess {
    /// Runs `executable` with `arguments`, waits, and returns what it cost.
    /// - Parameters:
    ///   - stdoutPath: file that receives the child's standard output (created or truncated).
    ///   - stderrPath: file that receives its standard error; `nil` passes the parent's through.
    /// Corresponds to `posix_spawn(3)` followed by `wait4(2)`.
    public static func run(
        executable: String, arguments: [String], stdoutPath: String, stderrPath: String? = nil
    ) throws -> ChildProcessResult {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard rc == 0 else { throw ChildProcessError(executable: executable, reason: String(cString: strerror(rc))) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else {
                throw ChildProcessError(executable: executable, reason: String(cString: strerror(errno)))
            }
        }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // WIFEXITED / WEXITSTATUS / WTERMSIG spelled out: the C macros are not imported.
        let signal = status & 0x7F
        let exitCode: Int32 = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return ChildProcessResult(
            exitCode: exitCode, wallSeconds: wall,
            userSeconds: seconds(usage.ru_utime), systemSeconds: seconds(usage.ru_stime),
            peakResidentBytes: Int(usage.ru_maxrss) * 1024)
    }

    /// The path of the running executable (`/proc/self/exe`), so the harness can run its own jobs.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
