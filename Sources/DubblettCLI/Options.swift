import ArgumentParser
import Dubblett

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
