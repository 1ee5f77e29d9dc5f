import ArgumentParser
import Dubblett
import Foundation

/// Exit statuses for output problems, as documented in README.md ("Safety of outputs").
enum OutputExit {
    /// Runs `body`; an output problem becomes its message on stderr and its exit status: 64 an output is an
    /// input, 73 the output cannot be created or written (or holds files that are not Dubblett's), 75 another
    /// run holds the output directory; an unreadable model file 66 (missing, not a file) or 74 (I/O).
    static func reporting(_ body: () throws -> Void) throws {
        try ExitCodes.reporting(body)
    }

    /// Throws a `ValidationError` (exit 64) when one of `outputs` (option, path) is one of `inputs`.
    static func refuseClashes(outputs: [(String, String?)], inputs: [String?]) throws {
        let inputs = inputs.compactMap { $0 }
        for case let (option, path?) in outputs {
            do {
                try OutputPaths.check(output: path, option: option, inputs: inputs)
            } catch let e as OutputLocationError {
                throw ValidationError(e.message)
            }
        }
    }
}

extension MatchOptions {
    /// The files the options name that a run reads (settings, model).
    var inputFiles: [String] { [settings, model].compactMap { $0 } }

    /// Checks, locks and stages `--out` before any work (see `OutputDirectory`).
    func prepareOutput(inputs: [String], command: String) throws -> OutputDirectory {
        try OutputDirectory.prepare(path: out, inputs: inputs + inputFiles, command: command)
    }
}

extension OutputPaths {
    /// Removes the rejects file an earlier wash left at `path`, so a new washed file never sits beside
    /// stale rejects; refuses (exit 73) a file of that name that Dubblett did not write.
    static func removeStaleRejects(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        let head = String(decoding: (try? handle.read(upToCount: 11)) ?? Data(), as: UTF8.self)
        try? handle.close()
        guard head == "line_number" else {
            throw OutputLocationError(
                .cannotCreate,
                "\(path) exists and is not a rejects file written by dubblett validate; move it away, since the "
                    + "rejects of this wash go there")
        }
        if unlink(path) != 0 {
            throw OutputLocationError(
                .cannotCreate, "cannot remove the earlier rejects \(path): \(String(cString: strerror(errno)))")
        }
    }
}
