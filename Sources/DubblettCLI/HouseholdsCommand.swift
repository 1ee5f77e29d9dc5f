import ArgumentParser
import Dubblett
import DubblettDatasets
import Foundation

/// `dubblett households`: a household id for every record (hushållsgruppering).
struct HouseholdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "households",
        abstract: "Give every record a household id, so that a mailing goes once per household.",
        discussion: """
            Records share a household when they have the same address: postal code, street (abbreviations expanded, case and å/ä/ö folded), house number and letter, and the same lägenhetsnummer where the address has one (a record that leaves out the flat number joins the address's only flat). At an address without flat numbers, one house is one household when its records carry at most two surnames and at most six records (a couple with different surnames and their children); more than that is taken for an apartment building written without flat numbers, and each surname there is a household of its own. A record without a usable address (no valid postal code or no street with a number) is a household of its own.

            Writes into --out: households.csv (id, household_id, household_size for every record in input order; household_id is the 1-based row of the household's first record) and summary.json (records, households, households with two or more records, records without an address, the largest household, addresses split by surname). No field value is printed.

            Example:
              dubblett households datasets/sample/care-register.csv --out out/households
            """
    )

    @Argument(help: "The register (CSV).")
    var register: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the output files (created if missing).", valueName: "dir"))
    var out: String = "dubblett-households"

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var workers: Int?

    func validate() throws {
        if let workers, !(1...Parallel.maxWorkers).contains(workers) {
            throw ValidationError("--workers must be between 1 and \(Parallel.maxWorkers) (got \(workers))")
        }
    }

    func run() throws { try CareExit.reporting(runChecked) }

    func runChecked() throws {
        let workers = self.workers ?? Parallel.defaultWorkers
        let store = try CSVReader.read(path: register, options: ReadOptions(workers: workers))
        guard store.column(for: .street) != nil else {
            throw CareExit.badData("\(register): no street column (headers: "
                + store.columns.map(\.name).joined(separator: ", ") + ")")
        }
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CareExit.cannotCreate(out, error.localizedDescription)
        }
        let (ids, s) = Households.assign(store, workers: workers)
        try Households.write(store, ids: ids, summary: s, directory: out)
        print("""
            households         \(s.rows) records in \(s.households) households (\(s.multiRecordHouseholds) with two or \
            more records, holding \(s.recordsInMultiRecordHouseholds); largest \(s.largestHousehold)); \
            \(s.rowsWithoutAddress) records without a usable address; \(s.addressesSplitBySurname) addresses split by surname
            output             \(out)/ (households.csv, summary.json)
            """)
    }
}
