import Dispatch
import DubblettSimilarity
import Foundation

/// Updates a customer register from a SPAR-shaped population extract: links each customer to at most
/// one person, appends personnummer only for unambiguous links, updates moved customers' addresses,
/// flags the deceased, the emigrated and protected identities, and appends phones and chosen columns.
///
/// ### Rules
/// - A customer whose personnummer is valid is linked on it (exact lookup); a valid number not in the
///   extract is never replaced and the row is not linked.
/// - Every other customer gets the engine's best and second-best candidate (`CareLink`). It is linked by
///   name only when the best weight is at least `minWeight`, beats the second best by `margin`, and the
///   birth dates do not disagree; otherwise a candidate at or above the match threshold goes to the
///   review file and nothing is changed (namesakes and relatives at one address end up there).
/// - Only linked rows change: the personnummer (appended when missing or invalid), the address (when the
///   extract's differs and the person is neither protected nor emigrated: a protected identity's row never
///   gets an address, only the flag), the phone from the phone book (when the row has none usable) and the
///   `--append` columns. Deceased and emigrated rows are flagged, never deleted.
public enum ReferenceUpdate {
    /// Thresholds and choices.
    public struct Options: Sendable {
        /// Lowest weight (log2 odds) of a name link.
        public var minWeight: Float = 0
        /// Lowest weight difference between the best and the second-best candidate.
        public var margin: Float = 5
        /// How much lower the weight of a link may be when the birth dates agree (a mover's old address
        /// costs weight; the birth date, checked unique with the name in the whole extract, makes up for it).
        public var birthDateAllowance: Float = 8
        /// Reference columns (headers) copied to linked rows.
        public var append: [String] = []
        /// Engine settings; the review threshold is lowered so that second-best candidates are seen.
        public var settings: MatchSettings = {
            var s = MatchSettings()
            s.reviewThreshold = -12
            return s
        }()
        public var workers = Parallel.defaultWorkers
        public init() {}
    }

    /// How a row was linked.
    public enum Link: UInt8, Sendable {
        case none, personnummer, name, review
        var label: String {
            switch self {
            case .none: ""
            case .personnummer: "personnummer"
            case .name: "name"
            case .review: "review"
            }
        }
    }

    /// Counts for `summary.json`.
    public struct Summary: Sendable, Codable, Equatable {
        public var rows = 0
        public var excludedRows = 0
        public var referenceRows = 0
        public var linkedByPersonnummer = 0
        public var personnummerNotInReference = 0
        public var linkedByName = 0
        /// Of `linkedByName`: customers whose personnummer failed only its check digit and whose repaired
        /// number is the best candidate's, with the surname agreeing.
        public var linkedByRepairedCheckDigit = 0
        public var heldBackAmbiguous = 0
        public var heldBackWeak = 0
        public var heldBackBirthDate = 0
        public var heldBackRelative = 0
        public var heldBackSurname = 0
        public var heldBackProtected = 0
        public var unmatched = 0
        public var personnummerAppended = 0
        public var addressUpdated = 0
        public var addressWithheldProtected = 0
        /// Name-linked rows whose second-best candidate, or a namesake without an address not ruled out, has a
        /// protected identity: no address written.
        public var addressWithheldProtectedCandidate = 0
        public var deceased = 0
        public var emigrated = 0
        public var protected = 0
        public var phoneAppended = 0
        public var valuesAppended = 0
        public var candidatePairs = 0
        public var seconds: [String: Double] = [:]
        public init() {}

        /// Adds the row counts of `other` (a chunk's tally) to these; sizes and timings are left alone.
        mutating func addCounts(_ other: Summary) {
            linkedByPersonnummer += other.linkedByPersonnummer
            personnummerNotInReference += other.personnummerNotInReference
            linkedByName += other.linkedByName
            linkedByRepairedCheckDigit += other.linkedByRepairedCheckDigit
            heldBackAmbiguous += other.heldBackAmbiguous
            heldBackWeak += other.heldBackWeak
            heldBackBirthDate += other.heldBackBirthDate
            heldBackRelative += other.heldBackRelative
            heldBackSurname += other.heldBackSurname
            heldBackProtected += other.heldBackProtected
            unmatched += other.unmatched
            personnummerAppended += other.personnummerAppended
            addressUpdated += other.addressUpdated
            addressWithheldProtected += other.addressWithheldProtected
            addressWithheldProtectedCandidate += other.addressWithheldProtectedCandidate
            deceased += other.deceased
            emigrated += other.emigrated
            protected += other.protected
            phoneAppended += other.phoneAppended
            valuesAppended += other.valuesAppended
        }
    }

    /// One row's link decision, made independently of every other row.
    struct RowDecision: Sendable {
        var link = Link.none
        var reference: Int32 = -1
        var held: UInt8 = 0
        /// A name link that must not write an address (a protected namesake without one is not ruled out).
        var withhold = false
    }

    /// What a linked row takes from its person: flags, the appended personnummer, address and phone.
    struct RowChange: Sendable {
        var deceased = false, emigrated = false, protected = false
        var personnummerAppended = false, addressUpdated = false
        var phoneAppended: Int32 = -1
    }

    /// Per register row: the link and what was changed.
    public struct Outcome: Sendable {
        public var link: [Link]
        /// Reference row of the link (or the best candidate of a review row), else -1.
        public var reference: [Int32]
        public var weight: [Float]
        public var second: [Int32]
        public var secondWeight: [Float]
        public var personnummerAppended: [Bool]
        public var addressUpdated: [Bool]
        public var phoneAppended: [Int32]  // phone-book row, else -1
        public var deceased: [Bool]
        public var emigrated: [Bool]
        public var protected: [Bool]
        /// Why a row is in review (a `HoldReason` raw value), else 0.
        public var held: [UInt8]
        public var summary = Summary()
    }

    /// Why a link was held back for review.
    public enum HoldReason: UInt8, Sendable {
        case none, personnummerNotInReference, weak, ambiguous, relative, birthDate, surname, protectedRival
        var label: String {
            switch self {
            case .none: ""
            case .personnummerNotInReference: "personnummer not in reference"
            case .weak: "weak: the weight is low or neither birth date nor address agrees"
            case .ambiguous: "ambiguous: a second candidate with the same given name is close"
            case .relative: "namesake or relative: another person has the same name and the same birth date or address"
            case .birthDate: "birth date differs"
            case .surname: "surname differs"
            case .protectedRival: "another person with the same name has a protected identity and cannot be ruled out"
            }
        }
    }

    /// The special columns of a SPAR-shaped extract, found by their folded headers.
    public struct ReferenceColumns: Sendable {
        public var careOf: Int?
        public var deceased: Int?
        public var emigrated: Int?
        public var protected: Int?
        public var deregistrationDate: Int?
        public var deregistrationReason: Int?

        static let careOfNames: Set = ["co", "coadress", "careof", "careofadress", "coaddress"]
        static let deceasedNames: Set = [
            "avliden", "avlidendatum", "avlidensdatum", "dodsdatum", "dod", "doddatum", "deceased", "deceaseddate",
            "dateofdeath", "death", "deathdate", "avlidenflagga", "doddatumavliden",
        ]
        static let emigratedNames: Set = [
            "utvandrad", "utvandrat", "utvandringsdatum", "utvandraddatum", "utflyttad", "utflyttaddatum",
            "emigrated", "emigrationdate", "emigrateddate",
        ]
        static let protectedNames: Set = [
            "skyddad", "skyddadidentitet", "sekretess", "sekretessmarkering", "sekretessmarkerad",
            "skyddadfolkbokforing", "protected", "protectedidentity", "skyddadadress", "skyddadepersonuppgifter",
            "sekretessmarkeradepersonuppgifter", "skyddadpersonuppgift",
        ]

        /// The columns of `store` by header.
        public init(_ store: RecordStore) {
            for (i, c) in store.columns.enumerated() {
                let f = HeaderRoles.fold(c.name)
                if careOf == nil, Self.careOfNames.contains(f) { careOf = i }
                if deceased == nil, Self.deceasedNames.contains(f) { deceased = i }
                if emigrated == nil, Self.emigratedNames.contains(f) { emigrated = i }
                if protected == nil, Self.protectedNames.contains(f) { protected = i }
                if deregistrationDate == nil, f == "avregistreringsdatum" || f == "avregdatum" { deregistrationDate = i }
                if deregistrationReason == nil,
                   f == "avregistreringsorsak" || f == "avregorsak" || f == "avregistreringsorsakkod"
                {
                    deregistrationReason = i
                }
            }
        }
    }

    /// Whether a flag field says yes: any value but empty, `0`, `N`, `Nej`, `No`, `false`.
    static func isSet(_ f: UnsafeRawBufferPointer) -> Bool {
        let r = NormaliseSupport.trimmed(f)
        if r.isEmpty { return false }
        var word: UInt64 = 0
        var n = 0
        for i in r {
            if n == 8 { return true }
            word = word << 8 | UInt64(f[i] | (f[i] >= 65 && f[i] <= 90 ? 0x20 : 0))
            n += 1
        }
        // "0", "n", "nej", "no", "false", "f"
        return !(word == 0x30 || word == 0x6E || word == 0x6E_656A || word == 0x6E6F || word == 0x66_616C_7365
            || word == 0x66)
    }

    /// A deregistration reason: 1 deceased (`AV`, `avliden`), 2 emigrated (`UV`, `utvandrad`), else 0.
    static func reason(_ f: UnsafeRawBufferPointer) -> Int {
        let r = NormaliseSupport.trimmed(f)
        guard r.count >= 2 else { return 0 }
        let a = f[r.lowerBound] | 0x20, b = f[r.lowerBound + 1] | 0x20
        if a == 0x61 && b == 0x76 { return 1 }  // av, avliden
        if a == 0x75 && (b == 0x76 || b == 0x74) { return 2 }  // uv, utvandrad
        if a == 0x64 && (b == 0x6F || b == 0xC3) { return 1 }  // död
        return 0
    }

    /// Personnummer → row: keys sorted (radix), rows alongside.
    struct PersonnummerIndex: Sendable {
        var keys: [UInt64] = []
        var rows: [UInt32] = []

        /// The index of `values` (0 = none), row `i` being `values[i]`.
        init(_ values: UnsafeBufferPointer<Int64>, workers: Int) {
            keys.reserveCapacity(values.count)
            rows.reserveCapacity(values.count)
            for (i, v) in values.enumerated() where v > 0 {
                keys.append(UInt64(v))
                rows.append(UInt32(i))
            }
            RadixSort.sort(keys: &keys, payload: &rows, workers: workers)
        }

        /// The first row with `key`, else -1.
        func lookup(_ key: Int64) -> Int32 {
            let k = UInt64(bitPattern: key)
            var lo = 0, hi = keys.count
            while lo < hi {
                let m = (lo + hi) >> 1
                if keys[m] < k { lo = m + 1 } else { hi = m }
            }
            return lo < keys.count && keys[lo] == k ? Int32(rows[lo]) : -1
        }
    }

    /// The valid personnummer of a store's column (0 where none), parsed on `workers` threads.
    static func personnummer(_ store: RecordStore, column: Int, workers: Int) -> [Int64] {
        var out = [Int64](repeating: 0, count: store.rowCount)
        out.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            Parallel.forEachChunk(count: store.rowCount, workers: workers) { _, range in
                for r in range {
                    if case .valid(let v, _) = Personnummer.parse(store.field(row: r, column: column), referenceDate: 0) {
                        shared.value[r] = v
                    }
                }
            }
        }
        return out
    }

    /// Links and decides; no files written.
    public static func decide(
        register: RecordStore, reference: RecordStore, phonebook: RecordStore?, options: Options,
        progress: Pipeline.Progress? = nil
    ) -> (Outcome, CareLink.Result) {
        var clock = StageClock()
        let n = register.rowCount
        var summary = Summary()
        summary.rows = n
        summary.excludedRows = register.issues.excludedRows
        summary.referenceRows = reference.rowCount
        let linked = CareLink.run(
            register: register, reference: reference, settings: options.settings, workers: options.workers,
            progress: progress)
        summary.seconds["link"] = clock.lap()
        summary.candidatePairs = linked.report.candidatePairs
        let f = linked.features
        var best = [Int32](repeating: -1, count: n), second = [Int32](repeating: -1, count: n)
        var bestW = [Float](repeating: -.infinity, count: n), secondW = [Float](repeating: -.infinity, count: n)
        for i in linked.pairs.indices {
            var a = Int(linked.pairs[i] >> 32), b = Int(linked.pairs[i] & 0xFFFF_FFFF)
            if a >= n { swap(&a, &b) }
            guard a < n, b >= n else { continue }
            let w = linked.weights[i], ref = Int32(b - n)
            if w > bestW[a] || (w == bestW[a] && ref < best[a]) {
                second[a] = best[a]
                secondW[a] = bestW[a]
                best[a] = ref
                bestW[a] = w
            } else if w > secondW[a] {
                second[a] = ref
                secondW[a] = w
            }
        }
        let refIndex = f.personnummer.withUnsafeBufferPointer {
            PersonnummerIndex(UnsafeBufferPointer(rebasing: $0[n...]), workers: options.workers)
        }
        let cols = ReferenceColumns(reference)
        var o = Outcome(
            link: [Link](repeating: .none, count: n), reference: [Int32](repeating: -1, count: n),
            weight: bestW, second: second, secondWeight: secondW,
            personnummerAppended: [Bool](repeating: false, count: n), addressUpdated: [Bool](repeating: false, count: n),
            phoneAppended: [Int32](repeating: -1, count: n), deceased: [Bool](repeating: false, count: n),
            emigrated: [Bool](repeating: false, count: n), protected: [Bool](repeating: false, count: n),
            held: [UInt8](repeating: 0, count: n))
        let match = Float(options.settings.matchThreshold)
        // Pairs below the review threshold were dropped: an unseen second candidate weighs at most that.
        let floor = Float(options.settings.reviewThreshold)
        let pnrColumn = register.column(for: .personnummer)
        var protectedPerson = [Bool](repeating: false, count: reference.rowCount)
        if let c = cols.protected {
            for q in 0..<reference.rowCount where isSet(reference.field(row: q, column: c)) { protectedPerson[q] = true }
        }
        let evidence = Evidence(f, references: n..<f.count, protectedPerson: protectedPerson, workers: options.workers)
        // Rows are decided independently: each chunk writes only its own rows and counts into its own tally.
        let bestOf = best, secondOf = second, bestWeight = bestW, secondWeight = secondW
        var decisions = [RowDecision](repeating: RowDecision(), count: n)
        let tallies = decisions.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendable(buffer)
            return Parallel.mapChunks(count: n, workers: options.workers, empty: Summary()) { rows in
                var tally = Summary()
                for r in rows {
                    var d = RowDecision()
                    defer { slots.value[r] = d }
                    var validPnr: Int64 = 0
                    if let c = pnrColumn, case .valid(let v, _) = Personnummer.parse(register.field(row: r, column: c),
                                                                                     referenceDate: 0)
                    {
                        validPnr = v
                    }
                    if validPnr != 0 {
                        let ref = refIndex.lookup(validPnr)
                        if ref >= 0 {
                            d.link = .personnummer
                            d.reference = ref
                            tally.linkedByPersonnummer += 1
                        } else {
                            tally.personnummerNotInReference += 1
                            if bestWeight[r] >= match {
                                d.link = .review
                                d.reference = bestOf[r]
                                d.held = HoldReason.personnummerNotInReference.rawValue
                            }
                        }
                        continue
                    }
                    guard bestOf[r] >= 0, bestWeight[r] >= floor else {
                        tally.unmatched += 1
                        continue
                    }
                    // A personnummer wrong only in its check digit names one person exactly (nine digits fix the
                    // tenth): when that person is also the best candidate by weight and the surname agrees, the
                    // customer is that person and the repaired number is appended like a found one.
                    if let c = pnrColumn,
                       let repaired = Personnummer.repairingCheckDigit(register.field(row: r, column: c), referenceDate: 0),
                       refIndex.lookup(repaired) == bestOf[r], evidence.surnameAgrees(r, n + Int(bestOf[r]))
                    {
                        d.reference = bestOf[r]
                        d.link = .name
                        tally.linkedByName += 1
                        tally.linkedByRepairedCheckDigit += 1
                        continue
                    }
                    let a = r, b = n + Int(bestOf[r])
                    d.reference = bestOf[r]
                    let datesDisagree = f.birthDate[a] != 0 && f.birthDate[b] != 0 && f.birthDate[a] != f.birthDate[b]
                    let datesAgree = f.birthDate[a] != 0 && f.birthDate[a] == f.birthDate[b]
                    let addressAgrees = evidence.sameAddress(a, b)
                    // The second-best candidate is a rival when its given name also agrees and the evidence does not
                    // contradict it (another address, another birth date).
                    var rival = secondOf[r] >= 0 && evidence.firstNameAgrees(a, n + Int(secondOf[r]))
                    if rival {
                        let c = n + Int(secondOf[r])
                        if addressAgrees && !evidence.sameAddress(a, c) { rival = false }
                        if datesAgree && f.birthDate[c] != 0 && f.birthDate[c] != f.birthDate[a] { rival = false }
                    }
                    if datesDisagree {
                        d.link = .review
                        d.held = HoldReason.birthDate.rawValue
                        tally.heldBackBirthDate += 1
                        continue
                    }
                    if bestWeight[r] < (datesAgree ? options.minWeight - options.birthDateAllowance : options.minWeight)
                        || !(datesAgree || addressAgrees) || !evidence.firstNameAgrees(a, b)
                    {
                        if bestWeight[r] >= match || datesAgree {
                            d.link = .review
                            d.held = HoldReason.weak.rawValue
                            tally.heldBackWeak += 1
                        } else {
                            d.reference = -1
                            tally.unmatched += 1
                        }
                        continue
                    }
                    // The evidence must single the person out in the whole extract (`Evidence`): no rival born the
                    // same day (when the dates are what agrees), or none at the same address or without an address
                    // (when the address is).
                    let byBirth = datesAgree ? evidence.rivalsByBirth(a, b) : Evidence.Rivals()
                    let byAddress = addressAgrees ? evidence.rivalsByAddress(a, b) : Evidence.Rivals()
                    let unique = (datesAgree && byBirth.count == 0) || (addressAgrees && byAddress.count == 0)
                    let secondIsProtectedRival = rival && evidence.isProtected(n + Int(secondOf[r]))
                    if !evidence.surnameAgrees(a, b) {
                        d.link = .review
                        d.held = HoldReason.surname.rawValue
                        tally.heldBackSurname += 1
                    } else if secondIsProtectedRival || (!unique && (byBirth.protected || byAddress.protected)) {
                        d.link = .review
                        d.held = HoldReason.protectedRival.rawValue
                        tally.heldBackProtected += 1
                    } else if !unique {
                        d.link = .review
                        d.held = HoldReason.relative.rawValue
                        tally.heldBackRelative += 1
                    } else if rival && (bestWeight[r] - secondWeight[r] < options.margin
                        || (evidence.firstToken[n + Int(secondOf[r])] == evidence.firstToken[a]
                            && evidence.firstToken[b] != evidence.firstToken[a]))
                    {
                        // Close behind, or the rival carries the customer's given name while the best only a typo,
                        // nickname or second given name of it.
                        d.link = .review
                        d.held = HoldReason.ambiguous.rawValue
                        tally.heldBackAmbiguous += 1
                    } else {
                        d.link = .name
                        tally.linkedByName += 1
                        d.withhold = byAddress.protectedWithoutAddress
                    }
                }
                return tally
            }
        }
        for t in tallies { summary.addCounts(t) }
        // Name links that must not write an address: a protected namesake without an address may be the customer.
        var withholdAddress = [Bool](repeating: false, count: n)
        for (r, d) in decisions.enumerated() {
            o.link[r] = d.link
            o.reference[r] = d.reference
            o.held[r] = d.held
            withholdAddress[r] = d.withhold
        }

        // Changes of linked rows.
        let hasStreet = register.column(for: .street) != nil
        let bookIndex = phonebook.map { book in
            personnummer(book, column: book.column(for: .personnummer)!, workers: options.workers)
                .withUnsafeBufferPointer { PersonnummerIndex($0, workers: options.workers) }
        }
        let bookPhone = phonebook?.column(for: .phone)
        let regPhone = register.column(for: .phone)
        let refPnr = reference.column(for: .personnummer)
        let refStreet = reference.column(for: .street)
        let link = o.link, linkedTo = o.reference, withhold = withholdAddress, refProtected = protectedPerson
        var changes = [RowChange](repeating: RowChange(), count: n)
        let changeTallies = changes.withUnsafeMutableBufferPointer { buffer in
            let slots = UnsafeSendable(buffer)
            return Parallel.mapChunks(count: n, workers: options.workers, empty: Summary()) { rows in
                var tally = Summary()
                for r in rows where link[r] == .personnummer || link[r] == .name {
                    var change = RowChange()
                    defer { slots.value[r] = change }
                    let ref = Int(linkedTo[r])
                    let b = n + ref
                    if let c = cols.deceased, isSet(reference.field(row: ref, column: c)) { change.deceased = true }
                    if let c = cols.emigrated, isSet(reference.field(row: ref, column: c)) { change.emigrated = true }
                    if let c = cols.protected, isSet(reference.field(row: ref, column: c)) { change.protected = true }
                    if let c = cols.deregistrationReason, let d = cols.deregistrationDate,
                       isSet(reference.field(row: ref, column: d))
                    {
                        switch reason(reference.field(row: ref, column: c)) {
                        case 1: change.deceased = true
                        case 2: change.emigrated = true
                        default: break
                        }
                    }
                    if change.deceased { tally.deceased += 1 }
                    if change.emigrated { tally.emigrated += 1 }
                    if change.protected { tally.protected += 1 }
                    if link[r] == .name, refPnr != nil, f.personnummer[b] != 0 {
                        change.personnummerAppended = true
                        tally.personnummerAppended += 1
                    }
                    // Address: only from a non-protected, non-emigrated person whose extract row has one.
                    if let sc = refStreet, hasStreet, !NormaliseSupport.trimmed(reference.field(row: ref, column: sc)).isEmpty {
                        if change.protected {
                            tally.addressWithheldProtected += 1
                        } else if link[r] == .name
                            && (withhold[r] || (secondOf[r] >= 0 && refProtected[Int(secondOf[r])]))
                        {
                            // By construction: a name link never writes an address when the second-best candidate is
                            // protected or a protected namesake without an address is not ruled out.
                            tally.addressWithheldProtectedCandidate += 1
                        } else if !change.emigrated {
                            let same = f.postalCode[r] == f.postalCode[b] && f.houseNumber[r] == f.houseNumber[b]
                                && f.street.slice(r) == f.street.slice(b)
                            if !same {
                                change.addressUpdated = true
                                tally.addressUpdated += 1
                            }
                        }
                    }
                    if let book = phonebook, let bp = bookPhone, f.personnummer[b] != 0, !change.protected, !change.deceased {
                        var usable = false
                        if let c = regPhone, case .valid = PhoneNumber.parse(register.field(row: r, column: c)) { usable = true }
                        if !usable {
                            let row = bookIndex!.lookup(f.personnummer[b])
                            if row >= 0, case .valid = PhoneNumber.parse(book.field(row: Int(row), column: bp)) {
                                change.phoneAppended = row
                                tally.phoneAppended += 1
                            }
                        }
                    }
                }
                return tally
            }
        }
        for t in changeTallies { summary.addCounts(t) }
        for (r, change) in changes.enumerated() where link[r] == .personnummer || link[r] == .name {
            o.deceased[r] = change.deceased
            o.emigrated[r] = change.emigrated
            o.protected[r] = change.protected
            o.personnummerAppended[r] = change.personnummerAppended
            o.addressUpdated[r] = change.addressUpdated
            o.phoneAppended[r] = change.phoneAppended
        }
        summary.seconds["decide"] = clock.lap()
        o.summary = summary
        return (o, linked)
    }

    /// Writes `updated.csv`, `changes.csv`, `review.csv` and `summary.json` into `directory`.
    /// - Throws: `AtomicFileError` when a file cannot be written; `CareError` for an `--append` column
    ///   the reference does not have.
    public static func write(
        _ o: inout Outcome, register: RecordStore, reference: RecordStore, phonebook: RecordStore?,
        features f: FeatureTable, options: Options, directory: String, extra: [String: String] = [:]
    ) throws {
        var clock = StageClock()
        let n = register.rowCount
        var appendCols: [(ref: Int, name: String)] = []
        for name in options.append {
            guard let c = reference.column(named: name)
                ?? reference.columns.firstIndex(where: { HeaderRoles.fold($0.name) == HeaderRoles.fold(name) })
            else {
                throw CareError(
                    message: "--append \(name): the reference has no such column; its columns are "
                        + reference.columns.map(\.name).joined(separator: ", "))
            }
            let taken = Set(register.columns.map(\.name))
            appendCols.append((c, taken.contains(reference.columns[c].name) ? "ref_" + reference.columns[c].name
                : reference.columns[c].name))
        }
        let cols = ReferenceColumns(reference)
        let pnrCol = register.column(for: .personnummer)
        let phoneCol = register.column(for: .phone)
        let streetCol = register.column(for: .street)
        let postalCol = register.column(for: .postalCode)
        let cityCol = register.column(for: .city)
        let postalAddressCol = postalCol == nil ? register.column(for: .postalAddress) : nil
        let refStreet = reference.column(for: .street)
        let refPostal = reference.column(for: .postalCode)
        let refCity = reference.column(for: .city)
        let bookPhone = phonebook?.column(for: .phone)
        let addPnrColumn = pnrCol == nil
        let addPhoneColumn = phoneCol == nil && phonebook != nil
        let delimiter = register.dialect.delimiter == .tab || register.dialect.delimiter == .semicolon
            || register.dialect.delimiter == .pipe ? register.dialect.delimiter : UInt8.comma

        var out = try CSVOut(path: directory + "/updated.csv", delimiter: delimiter)
        var changes = try CSVOut(path: directory + "/changes.csv")
        changes.line(["line", "id", "field", "old", "new", "evidence"])
        var review = try CSVOut(path: directory + "/review.csv")
        review.line([
            "line", "id", "reason", "weight", "candidate_line", "candidate_personnummer", "second_weight",
            "second_line", "second_personnummer",
        ])
        for c in register.columns { out.field(c.name) }
        if addPnrColumn { out.field("ref_personnummer") }
        if addPhoneColumn { out.field("ref_telefon") }
        for a in appendCols { out.field(a.name) }
        for name in ["match", "match_weight", "address_updated", "personnummer_appended", "deceased", "emigrated",
                     "protected", "phone_appended"]
        {
            out.field(name)
        }
        out.endLine()
        let outcome = o, appendColumns = appendCols
        /// Formats row `r` into the three files' in-memory writers (`appended`: values copied by `--append`).
        @Sendable func formatRow(
            _ r: Int, _ out: inout CSVOut, _ changes: inout CSVOut, _ review: inout CSVOut, _ appended: inout Int
        ) {
            let empty = UnsafeRawBufferPointer(start: nil, count: 0)
            func pnrBytes(_ v: Int64) -> [UInt8] {
                var bytes = [UInt8](repeating: 0, count: 16)
                let len = bytes.withUnsafeMutableBufferPointer { Personnummer.format(canonical: v, into: $0) }
                bytes.removeSubrange(len...)
                return bytes
            }
            let ref = Int(outcome.reference[r])
            let linked = outcome.link[r] == .personnummer || outcome.link[r] == .name
            let b = n + ref
            let line = register.lineNumber(row: r)
            let idColumn = register.column(for: .id)
            func evidence() -> String {
                outcome.link[r] == .personnummer ? "personnummer; reference line \(reference.lineNumber(row: ref))"
                : "name link weight \(tenths(outcome.weight[r])), second "
                + (outcome.second[r] >= 0 ? tenths(outcome.secondWeight[r]) : "none")
                + "; reference line \(linked ? reference.lineNumber(row: ref) : 0)"
            }
            func writeId(_ csv: inout CSVOut) {
                if let c = idColumn { csv.field(register.field(row: r, column: c)) } else { csv.field(register.recordOrdinal(row: r)) }
            }
            func change(_ field: String, _ old: UnsafeRawBufferPointer, _ new: UnsafeRawBufferPointer) {
                changes.field(line)
                writeId(&changes)
                changes.field(field)
                changes.field(old)
                changes.field(new)
                changes.field(evidence())
                changes.endLine()
            }
            let appendedPnr = outcome.personnummerAppended[r] ? pnrBytes(f.personnummer[b]) : []
            for c in register.columns.indices {
                let old = register.field(row: r, column: c)
                if c == pnrCol, outcome.personnummerAppended[r] {
                    appendedPnr.withUnsafeBytes { out.field($0) }
                    appendedPnr.withUnsafeBytes { change(register.columns[c].name, old, $0) }
                } else if outcome.addressUpdated[r], c == streetCol || c == postalCol || c == cityCol || c == postalAddressCol {
                    var new: [UInt8] = []
                    if c == streetCol, let s = refStreet {
                        new = Array(reference.field(row: ref, column: s))
                    } else if c == postalCol, let s = refPostal {
                        new = Array(reference.field(row: ref, column: s))
                    } else if c == cityCol, let s = refCity {
                        new = Array(reference.field(row: ref, column: s))
                    } else if c == postalAddressCol {
                        if let s = refPostal { new = Array(reference.field(row: ref, column: s)) }
                        if let s = refCity {
                            new.append(.space)
                            new.append(contentsOf: reference.field(row: ref, column: s))
                        }
                    }
                    new.withUnsafeBytes { out.field($0) }
                    if !new.elementsEqual(old) { new.withUnsafeBytes { change(register.columns[c].name, old, $0) } }
                } else if c == phoneCol, outcome.phoneAppended[r] >= 0, let book = phonebook, let bp = bookPhone {
                    let new = book.field(row: Int(outcome.phoneAppended[r]), column: bp)
                    out.field(new)
                    change(register.columns[c].name, old, new)
                } else {
                    out.field(old)
                }
            }
            if addPnrColumn {
                appendedPnr.withUnsafeBytes { out.field($0) }
                if outcome.personnummerAppended[r] { appendedPnr.withUnsafeBytes { change("ref_personnummer", empty, $0) } }
            }
            if addPhoneColumn {
                if outcome.phoneAppended[r] >= 0, let book = phonebook, let bp = bookPhone {
                    let new = book.field(row: Int(outcome.phoneAppended[r]), column: bp)
                    out.field(new)
                    change("ref_telefon", empty, new)
                } else {
                    out.field(empty)
                }
            }
            for a in appendColumns {
                if linked {
                    let v = reference.field(row: ref, column: a.ref)
                    out.field(v)
                    if !NormaliseSupport.trimmed(v).isEmpty {
                        change(a.name, empty, v)
                        appended += 1
                    }
                } else {
                    out.field(empty)
                }
            }
            out.field(outcome.link[r].label)
            if outcome.link[r] == .none || !outcome.weight[r].isFinite { out.field(empty) } else { out.field(tenths: outcome.weight[r]) }
            out.field(outcome.addressUpdated[r] ? "1" : "0")
            out.field(outcome.personnummerAppended[r] ? "1" : "0")
            func date(_ c: Int?, _ flag: Bool) {
                guard flag else { return out.field(empty) }
                if let c, !NormaliseSupport.trimmed(reference.field(row: ref, column: c)).isEmpty,
                   reference.field(row: ref, column: c).count > 1
                {
                    out.field(reference.field(row: ref, column: c))
                } else if let d = cols.deregistrationDate {
                    out.field(reference.field(row: ref, column: d))
                } else {
                    out.field("1")
                }
            }
            date(cols.deceased, outcome.deceased[r])
            date(cols.emigrated, outcome.emigrated[r])
            out.field(outcome.protected[r] ? "1" : "")
            out.field(outcome.phoneAppended[r] >= 0 ? "1" : "0")
            out.endLine()
            if outcome.link[r] == .review {
                review.field(line)
                writeId(&review)
                let why = (HoldReason(rawValue: outcome.held[r]) ?? .none).label
                review.field(why)
                review.field(tenths: outcome.weight[r])
                review.field(reference.lineNumber(row: ref))
                review.field(f.personnummer[b] != 0 ? pnrBytes(f.personnummer[b]) : [])
                if outcome.second[r] >= 0 {
                    review.field(tenths: outcome.secondWeight[r])
                    review.field(reference.lineNumber(row: Int(outcome.second[r])))
                    let p2 = f.personnummer[n + Int(outcome.second[r])]
                    review.field(p2 != 0 ? pnrBytes(p2) : [])
                } else {
                    review.field(empty)
                    review.field(empty)
                    review.field(empty)
                }
                review.endLine()
            }
        }
        // Rows are formatted in parallel, a group of chunks at a time (memory stays bounded), and written in
        // row order: the files are byte-identical for any number of workers.
        struct Piece: Sendable {
            var out: [UInt8] = [], changes: [UInt8] = [], review: [UInt8] = []
            var appended = 0
        }
        let group = 32_768 * max(1, options.workers)
        for start in stride(from: 0, to: n, by: group) {
            let count = min(group, n - start)
            let pieces = Parallel.mapChunks(count: count, workers: options.workers, chunksPerWorker: 2, empty: Piece()) {
                rows in
                var o = CSVOut(inMemoryWith: delimiter), c = CSVOut(inMemoryWith: .comma)
                var v = CSVOut(inMemoryWith: .comma)
                var appended = 0
                for r in rows { formatRow(start + r, &o, &c, &v, &appended) }
                return Piece(out: o.takeBytes(), changes: c.takeBytes(), review: v.takeBytes(), appended: appended)
            }
            for p in pieces {
                out.raw(p.out)
                changes.raw(p.changes)
                review.raw(p.review)
                o.summary.valuesAppended += p.appended
            }
        }

        try changes.commit()
        try review.commit()
        try out.commit()
        o.summary.seconds["write"] = clock.lap()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var json = String(decoding: try encoder.encode(o.summary), as: UTF8.self)
        if !extra.isEmpty {
            json.removeLast(2)  // "\n}"
            for (k, v) in extra.sorted(by: { $0.key < $1.key }) { json += ",\n  \"\(k)\" : \(v)" }
            json += "\n}"
        }
        let w = try AtomicFileWriter(path: directory + "/summary.json")
        w.write(json + "\n")
        try w.commit()
    }
}

/// A weight with one decimal (`-3.8`), for the change log.
func tenths(_ w: Float) -> String {
    let t = Int((w * 10).rounded())
    return (t < 0 ? "-" : "") + String(abs(t) / 10) + "." + String(abs(t) % 10)
}

/// A register-care input problem (bad data or usage), with a message naming the file and column.
public struct CareError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
