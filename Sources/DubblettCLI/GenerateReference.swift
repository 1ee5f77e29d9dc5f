import ArgumentParser
import Dubblett
import DubblettDatasets
import Foundation

/// `dubblett generate-reference`: register-care reference data with known truth.
struct GenerateReference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-reference",
        abstract: "Generate a SPAR-shaped extract, a customer register, a phone book and a NIX list with known truth.",
        discussion: """
            Real population extracts (SPAR), phone directories and NIX lists are licensed, so every figure of `dubblett update` and `dubblett suppress` is measured on generated ones. One seeded population gives all five files, written into --output:

            spar.csv: one row per person of the population (personnummer, förnamn, mellannamn, efternamn, c/o, utdelningsadress, postnummer, postort, avliden, utvandrad, skyddad). Emigrated and protected persons have no address. The extract holds the decoys real ones hold: relatives at the same address (spouses; parents and children with the same first name), namesakes in the same town and same-name persons born the same year.

            care-register.csv: the customers (kundnr, förnamn, efternamn, gatuadress, postnummer, postort, telefon, e-post, personnummer, födelsedatum), with stale addresses of customers who moved, missing or broken personnummer, missing birth dates and phones, typos and spelling variants. A few customers are not in the extract.

            phonebook.csv (personnummer, förnamn, efternamn, telefon) and nix.txt (numbers in mixed formats, a comment line and a few unusable lines).

            care-truth.csv: per customer its true personnummer, whether it moved, whether it is identifiable (its name with its shown birth date, or its address when it did not move, picks exactly one person), its deceased, emigrated and protected flags, its true current address, its phone-book number and whether its shown phone is on the NIX list.

            Examples:
              dubblett generate-reference --persons 10000 --customers 3000 --seed 1 --output datasets/sample
              dubblett generate-reference --persons 4M --customers 1M --output datasets/generated/care-1m
            """
    )

    @Option(name: .long, help: "Persons in the population extract: 10000, 400k, 4M.")
    var persons: RowCount = RowCount(value: 10_000)

    @Option(name: .long, help: "Customers in the register (at most about the number of persons).")
    var customers: RowCount = RowCount(value: 3_000)

    @Option(name: .long, help: "Random seed; the same seed gives the same files.")
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the five files (created if missing).", valueName: "dir"))
    var output: String

    @Flag(name: .long, help: "No summary on stderr.")
    var quiet = false

    func validate() throws {
        guard persons.value >= 1 else { throw ValidationError("--persons must be at least 1") }
        guard customers.value >= 1 else { throw ValidationError("--customers must be at least 1") }
        guard customers.value <= persons.value * 2 else {
            throw ValidationError("--customers (\(customers.value)) cannot exceed twice --persons (\(persons.value))")
        }
    }

    func run() throws { try CareExit.reporting(runChecked) }

    func runChecked() throws {
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        } catch {
            throw CareExit.cannotCreate(output, error.localizedDescription)
        }
        var options = ReferenceGenerator.Options()
        options.persons = persons.value
        options.customers = min(customers.value, persons.value + persons.value / 50)
        let summary = try ReferenceGenerator(options: options, seed: seed).generate(directory: output)
        if !quiet {
            FileHandle.standardError.write(Data("""
                generate-reference: \(summary.persons) persons (\(summary.relatives) relatives, \(summary.namesakes) \
                namesakes; \(summary.deceased) deceased, \(summary.emigrated) emigrated, \(summary.protected) \
                protected), \(summary.customers) customers (\(summary.moved) moved, \(summary.lackingPersonnummer) \
                without a valid personnummer of whom \(summary.identifiableLacking) identifiable, \
                \(summary.notInReference) not in the extract), \(summary.phonebookEntries) phone-book entries, \
                \(summary.nixNumbers) NIX numbers in \(String(format: "%.2f", summary.seconds)) s
                output: \(output)/ (spar.csv, care-register.csv, phonebook.csv, nix.txt, care-truth.csv)

                """.utf8))
        }
    }
}

/// Errors of the register-care commands, with the exit codes of COMMON practice (sysexits).
enum CareExit: Error, CustomStringConvertible {
    case cannotCreate(String, String)
    case missingFile(String)
    case badData(String)
    case usage(String)

    var description: String {
        switch self {
        case .cannotCreate(let path, let why): "cannot create \(path): \(why)"
        case .missingFile(let path): "\(path): no such file"
        case .badData(let why): why
        case .usage(let why): why
        }
    }

    /// Runs `body`; a care error or a read error becomes its message on stderr and its exit code.
    static func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as CareExit {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw ExitCode(e.code)
        } catch let e as ReadError {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw ExitCode(Inspect.exitCode(for: e))
        } catch let e as AtomicFileError {
            FileHandle.standardError.write(Data("error: \(e.description)\n".utf8))
            throw ExitCode(73)
        }
    }

    var code: Int32 {
        switch self {
        case .cannotCreate: 73
        case .missingFile: 66
        case .badData: 65
        case .usage: 64
        }
    }
}
