import ArgumentParser
import Foundation
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import DubblettReport

/// Options every command that reads a register shares: workers, strictness, column overrides, delimiter.
struct ReadOptionGroup: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Worker threads, 1 to 256 (the default is the number of cores).")
    var workers: Int = min(Parallel.defaultWorkers, CLILimits.maxWorkers)

    @Option(
        name: .long,
        help: ArgumentHelp(
            "With - as the file: read at most this much of standard input (K, M, G suffixes); past it the command stops with exit 65.",
            valueName: "size"))
    var stdinLimit: ByteSize = ByteSize(bytes: MappedFile.defaultStreamLimit)

    @Flag(name: .long, help: "Fail on the first unusable row instead of reporting and skipping it.")
    var strict = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Give a column a role by its header or 1-based number, e.g. --column first_name=Tilltalsnamn; role=- means no column has the role (repeatable).",
            valueName: "role=header"))
    var column: [String] = []

    @Option(name: .long, help: "Field delimiter: , ; tab | (default: sniffed from the first lines).")
    var delimiter: String?

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Give roles only from headers and --column: a column with an unknown header does not get personnummer, e-mail, phone, postal address or organisationsnummer from its values."))
    var noRoleInference = false

    mutating func validate() throws {
        try CLILimits.checkWorkers(workers)
        _ = try overrides()
        _ = try delimiterByte()
    }

    /// `--column role=header` pairs as a dictionary.
    func overrides() throws -> [FieldRole: String] {
        var result: [FieldRole: String] = [:]
        let roles = FieldRole.allCases.map(\.rawValue).joined(separator: ", ")
        for item in column {
            guard let eq = item.firstIndex(of: "="), eq != item.startIndex, item.index(after: eq) != item.endIndex else {
                throw ValidationError("--column \(item): expected role=header, e.g. --column email=E-post. Roles: \(roles).")
            }
            let name = String(item[..<eq])
            guard let role = FieldRole(rawValue: name) else {
                throw ValidationError("--column \(item): '\(name)' is not a role. Roles: \(roles).")
            }
            guard result[role] == nil else { throw ValidationError("--column: the role \(name) is given twice.") }
            result[role] = String(item[item.index(after: eq)...])
        }
        return result
    }

    func delimiterByte() throws -> UInt8? {
        guard let delimiter else { return nil }
        switch delimiter {
        case ",": return .comma
        case ";": return .semicolon
        case "tab", "\\t", "\t": return .tab
        case "|": return .pipe
        default: throw ValidationError("--delimiter \(delimiter): use one of , ; tab |")
        }
    }

    /// The reader options these flags describe.
    func readOptions() throws -> ReadOptions {
        var o = ReadOptions(workers: workers, strict: strict, columnOverrides: try overrides())
        o.delimiter = try delimiterByte()
        o.inferRoles = !noRoleInference
        o.streamLimit = stdinLimit.bytes
        return o
    }
}

/// Exit codes shared by every command (the BSD sysexits convention), and the mapping from errors.
///
/// | code | meaning |
/// |---|---|
/// | 0 | success |
/// | 1 | another failure |
/// | 64 | bad command line or settings (EX_USAGE) |
/// | 65 | the input's data cannot be used (EX_DATAERR) |
/// | 66 | an input file is missing or unreadable (EX_NOINPUT) |
/// | 73 | an output cannot be created (EX_CANTCREAT) |
/// | 74 | reading or writing failed midway, or an input changed while read (EX_IOERR) |
/// | 75 | another run is writing the output directory (EX_TEMPFAIL) |
/// | 130 | cancelled |
enum ExitCodes {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let cannotCreate: Int32 = 73
    static let ioError: Int32 = 74
    static let cancelled: Int32 = 130

    /// The exit code for `error`.
    static func code(for error: any Error) -> Int32 {
        switch error {
        case let e as ReadError:
            switch e {
            case .fileNotFound, .isDirectory, .unreadable: return noInput
            case .unknownColumn: return usage
            case .changedWhileReading: return ioError
            case .cancelled: return cancelled
            default: return dataError
            }
        case let e as OutputLocationError: return e.exitCode
        case let e as InputFileError: return e.exitCode
        case is SettingsError: return usage
        case is InMemoryRecordsError: return dataError
        case is AtomicFileError: return cannotCreate
        case is RunCancelled: return cancelled
        case let e as EvaluationFileError:
            return FileManager.default.fileExists(atPath: e.path) ? dataError : noInput
        case let e as CocoaError:
            switch e.code {
            case .fileReadNoSuchFile, .fileNoSuchFile, .fileReadNoPermission, .fileReadUnknown: return noInput
            case .fileReadCorruptFile: return dataError
            default: return e.code.rawValue >= 512 && e.code.rawValue < 1024 ? cannotCreate : 1
            }
        case is DecodingError: return dataError
        case let e as ReportError: return e.kind == .missing ? noInput : dataError
        default: return 1
        }
    }

    /// A message for `error` that names the file and says what is wrong, without Foundation's codes.
    static func message(for error: any Error) -> String {
        if let e = error as? CocoaError {
            let path = (e.userInfo[NSFilePathErrorKey] as? String) ?? e.errorUserInfo["NSFilePath"] as? String ?? "a file"
            switch e.code {
            case .fileReadNoSuchFile, .fileNoSuchFile: return "\(path): no such file"
            case .fileReadNoPermission: return "\(path): permission denied"
            case .fileWriteNoPermission: return "\(path): cannot write here (permission denied)"
            case .fileWriteFileExists: return "\(path): exists and is not a directory"
            case .fileWriteOutOfSpace: return "\(path): the disk is full"
            default: return "\(path): \(e.localizedDescription)"
            }
        }
        if let e = error as? AtomicFileError {
            // A file of a staged result: name the file the user asked for, and say the old result stands.
            let shown = OutputDirectory.userPath(forStaged: e.path)
            let note = shown == e.path ? "" : "; nothing was replaced, the previous result is as it was"
            return "cannot write \(shown): \(e.reason)\(note)"
        }
        if error is DecodingError { return "not valid JSON for this file (\(error))" }
        return String(describing: error)
    }

    /// Runs a command body; an error is printed as `error: …` on stderr and becomes its exit code.
    /// Argument-parser's own errors (usage, help, `ExitCode`) pass through unchanged.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as ValidationError {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            FileHandle.standardError.write(Data("error: \(message(for: error))\n".utf8))
            throw ExitCode(code(for: error))
        }
    }
}
