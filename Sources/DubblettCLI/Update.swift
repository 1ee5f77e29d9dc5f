import ArgumentParser
import Dubblett
import DubblettDatasets
import DubblettEvaluation
import Foundation

/// `dubblett update`: update a customer register from a SPAR-shaped population extract.
struct Update: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Update a customer register from a population extract (SPAR): addresses, personnummer, flags, phones.",
        discussion: """
            Every customer is linked to at most one person of the extract. A customer with a valid personnummer is linked on it. Any other customer is linked by name, address and birth date with the matching engine, and only when the link is unambiguous: its weight is at least --min-weight and beats the second-best candidate by --margin, and the birth dates agree. Namesakes in the same town and relatives at the same address (a father and a son with one name) are held back in review.csv and counted, because a wrong personnummer merges two people's data in every later system.

            For each linked customer: a missing or invalid personnummer is appended; an address that differs from the extract's is replaced by it, except for a protected identity (the row is flagged and never given an address) and the emigrated; the deceased, emigrated and protected are flagged, never deleted; with --phonebook a customer without a usable phone gets the phone book's number for its personnummer; --append copies chosen columns of the extract.

            Writes into --out: updated.csv (every input row and column in order, changed values in place, then the status columns match, match_weight, address_updated, personnummer_appended, deceased, emigrated, protected, phone_appended), changes.csv (line, id, field, old, new, evidence for every changed value), review.csv (held-back links with the best and second-best candidate) and summary.json (counts). No field value is printed.

            The extract's columns are found by their headers: personnummer, förnamn, efternamn, utdelningsadress (or gatuadress), postnummer, postort, and avliden/dödsdatum, utvandrad, skyddad/sekretessmarkering, or avregistreringsdatum with avregistreringsorsak (AV deceased, UV emigrated).

            With --truth (the care-truth.csv of `dubblett generate-reference`) the figures of the register-care bars are printed and added to summary.json.

            Examples:
              dubblett update datasets/sample/care-register.csv --reference datasets/sample/spar.csv --phonebook datasets/sample/phonebook.csv --out out/update --truth datasets/sample/care-truth.csv
              dubblett update kunder.csv --reference spar.csv --append mellannamn --out uppdaterat
            """
    )

    @Argument(help: "The customer register (CSV).")
    var register: String

    @Option(name: .long, help: ArgumentHelp("The population extract (SPAR-shaped CSV).", valueName: "file"))
    var reference: String

    @Option(name: .long, help: ArgumentHelp("A phone book: personnummer and telefon columns.", valueName: "file"))
    var phonebook: String?

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp(
        "Columns of the extract to copy to linked customers (by header).", valueName: "column"))
    var append: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("Directory for the output files (created if missing).", valueName: "dir"))
    var out: String = "dubblett-update"

    @Option(name: .long, help: "Lowest match weight (log2 odds) of a link by name.")
    var minWeight: Float = 0

    @Option(name: .long, help: "Lowest lead of the best candidate's weight over the second best for a link by name.")
    var margin: Float = 5

    @Option(name: .long, help: ArgumentHelp("Score the result against a care-truth.csv.", valueName: "file"))
    var truth: String?

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var workers: Int?

    @Flag(name: .long, help: "No progress on stderr.")
    var quiet = false

    func validate() throws {
        if let workers, !(1...Parallel.maxWorkers).contains(workers) {
            throw ValidationError("--workers must be between 1 and \(Parallel.maxWorkers) (got \(workers))")
        }
        guard minWeight.isFinite, margin.isFinite, margin >= 0 else {
            throw ValidationError("--min-weight must be a number and --margin a number at least 0")
        }
    }

    func run() throws { try CareExit.reporting(runChecked) }

    func runChecked() throws {
        var clock = ContinuousClock.now
        func lap() -> Double {
            let d = ContinuousClock.now - clock
            clock = ContinuousClock.now
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        let started = ContinuousClock.now
        let workers = self.workers ?? Parallel.defaultWorkers
        var options = ReferenceUpdate.Options()
        options.minWeight = minWeight
        options.margin = margin
        options.append = append
        options.workers = workers
        let read = ReadOptions(workers: workers)
        let registerStore = try CSVReader.read(path: register, options: read)
        let referenceStore = try CSVReader.read(path: reference, options: read)
        let book = try phonebook.map { try CSVReader.read(path: $0, options: read) }
        let readTime = lap()
        if referenceStore.column(for: .personnummer) == nil {
            throw CareExit.badData("\(reference): no personnummer column (headers: "
                + referenceStore.columns.map(\.name).joined(separator: ", ") + ")")
        }
        if let book, book.column(for: .personnummer) == nil || book.column(for: .phone) == nil {
            throw CareExit.badData("\(phonebook!): needs a personnummer and a telefon column (headers: "
                + book.columns.map(\.name).joined(separator: ", ") + ")")
        }
        for store in [registerStore, referenceStore] + (book.map { [$0] } ?? []) where store.issues.excludedRows > 0 {
            note("\(store.sourceName): \(store.issues.excludedRows) unusable rows skipped (see dubblett inspect); "
                + "they are not in the output")
        }
        let progress: Pipeline.Progress? = quiet ? nil : { @Sendable line in
            FileHandle.standardError.write(Data(("  " + line + "\n").utf8))
        }
        var (outcome, linked) = ReferenceUpdate.decide(
            register: registerStore, reference: referenceStore, phonebook: book, options: options, progress: progress)
        outcome.summary.seconds["read"] = readTime
        _ = lap()
        var extra: [String: String] = [:]
        var evaluation: CareEvaluation?
        if let truth {
            let truthStore = try CSVReader.read(path: truth, options: read)
            let e = try CareEvaluation.evaluate(
                outcome, register: registerStore, reference: referenceStore, phonebook: book,
                features: linked.features, truth: truthStore)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            extra["evaluation"] = String(decoding: try encoder.encode(e), as: UTF8.self)
                .replacingOccurrences(of: "\n", with: "\n  ")
            evaluation = e
        }
        linked.pairs = []
        linked.weights = []
        do {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        } catch {
            throw CareExit.cannotCreate(out, error.localizedDescription)
        }
        let total = Double((ContinuousClock.now - started).components.seconds)
            + Double((ContinuousClock.now - started).components.attoseconds) * 1e-18
        extra["total_seconds_before_write"] = String(format: "%.3f", total)
        do {
            try ReferenceUpdate.write(
                &outcome, register: registerStore, reference: referenceStore, phonebook: book,
                features: linked.features, options: options, directory: out, extra: extra)
        } catch let e as CareError {
            throw CareExit.usage(e.message)
        }
        let s = outcome.summary
        let held = s.heldBackAmbiguous + s.heldBackWeak + s.heldBackBirthDate + s.heldBackRelative + s.heldBackSurname
            + s.heldBackProtected
        print("""
            update             \(s.rows) customers against \(s.referenceRows) persons in \
            \(String(format: "%.2f", total + (s.seconds["write"] ?? 0))) s
            linked             \(s.linkedByPersonnummer) by personnummer, \(s.linkedByName) by name (\(s.linkedByRepairedCheckDigit) of them by a \
            personnummer with a wrong check digit); \
            \(s.personnummerNotInReference) personnummer not in the extract
            held back          \(held) for review (\(s.heldBackRelative) namesakes or relatives, \
            \(s.heldBackProtected) a protected namesake, \(s.heldBackAmbiguous) ambiguous, \(s.heldBackWeak) weak, \
            \(s.heldBackBirthDate) birth date differs, \(s.heldBackSurname) surname differs); \
            \(s.unmatched) unmatched
            changed            \(s.personnummerAppended) personnummer appended, \(s.addressUpdated) addresses updated, \
            \(s.phoneAppended) phones appended, \(s.valuesAppended) values appended
            flagged            \(s.deceased) deceased, \(s.emigrated) emigrated, \(s.protected) protected \
            (\(s.addressWithheldProtected + s.addressWithheldProtectedCandidate) addresses withheld, \
            \(s.addressWithheldProtectedCandidate) of them for a protected candidate or namesake)
            """)
        if let evaluation { for line in evaluation.lines() { print(line) } }
        print("output             \(out)/ (updated.csv, changes.csv, review.csv, summary.json)")
    }

    func note(_ s: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}
