import Dubblett
import Foundation

/// Generates register-care reference data with known truth from one seeded population: a SPAR-shaped
/// extract, a customer register drawn from it, a phone book, a NIX list and the truth per customer.
///
/// ### What is in it
/// - `spar.csv`: one row per person (`personnummer,förnamn,mellannamn,efternamn,c/o,utdelningsadress,
///   postnummer,postort,avliden,utvandrad,skyddad`), the current address; deceased persons keep their last
///   address and carry the date; emigrated and protected persons have no address (`skyddad` = `J`).
/// - Decoys, as every real extract has them: relatives at the same address (spouses, and parents and
///   children with the same first name), namesakes in the same town (same postal code, another street),
///   same-name persons born the same year.
/// - `care-register.csv`: customers (`kundnr,förnamn,efternamn,gatuadress,postnummer,postort,telefon,e-post,
///   personnummer,födelsedatum`) with stale addresses (moves), missing or broken personnummer, missing
///   birth dates and phones, and the typos and spelling variants of `GeneratorConfig`; a few customers
///   are not in the extract at all.
/// - `phonebook.csv` (`personnummer,förnamn,efternamn,telefon`) for part of the population, and `nix.txt`:
///   numbers in mixed formats (`070-123 45 67`, `+46701234567`, `0701234567`), a comment and a few
///   unusable lines.
/// - `care-truth.csv`: per customer its true personnummer (empty when not in the extract), whether it
///   moved, whether it is identifiable (see `identifiable`), its flags, its true current address, the
///   phone the phone book has for it and whether its shown phone is on the NIX list.
///
/// A customer lacking a valid personnummer is *identifiable* when its name with its evidence (the birth
/// date when shown; the address when it did not move and the extract shows one) picks exactly one person of
/// the extract among those with the same first name and surname.
///
/// - Complexity: O(persons log persons); about 100 bytes per person in memory.
public struct ReferenceGenerator: Sendable {
    /// Rates and sizes; every rate is a probability.
    public struct Options: Sendable, Codable, Equatable {
        public var persons = 10_000
        public var customers = 3_000
        public var movedRate = 0.15
        public var movedSameTownShare = 0.3
        public var missingPersonnummerRate = 0.45
        public var brokenPersonnummerRate = 0.02
        public var birthDateRate = 0.55
        public var phoneRate = 0.55
        public var deceasedRate = 0.015
        public var emigratedRate = 0.01
        public var protectedRate = 0.004
        public var notInReferenceRate = 0.02
        public var phonebookRate = 0.6
        public var nixRate = 0.2
        public var relativeRate = 0.3
        public var sameNameRelativeRate = 0.5
        public var townNamesakeRate = 0.08
        public var sameYearNamesakeRate = 0.03
        public var careOfRate = 0.01
        /// Unusable lines in the NIX list, per number.
        public var nixJunkRate = 0.001
        public init() {}
    }

    /// What a generation produced.
    public struct Summary: Sendable, Codable, Equatable {
        public var persons = 0
        public var customers = 0
        public var moved = 0
        public var lackingPersonnummer = 0
        public var identifiableLacking = 0
        public var deceased = 0
        public var emigrated = 0
        public var protected = 0
        public var notInReference = 0
        public var relatives = 0
        public var namesakes = 0
        public var phonebookEntries = 0
        public var nixNumbers = 0
        public var nixJunkLines = 0
        public var seconds = 0.0
        public init() {}
    }

    public let options: Options
    public let seed: UInt64
    let config: GeneratorConfig

    /// A generator for `options` and `seed`.
    public init(options: Options = Options(), seed: UInt64) {
        self.options = options
        self.seed = seed
        var c = GeneratorConfig()
        c.householdSameFirstNameRate = options.sameNameRelativeRate
        c.referenceYear = 2026
        config = c
    }

    /// The five files' contents in memory (spar, care-register, phonebook, nix, care-truth) and the summary.
    public func generateInMemory() -> (files: [String: [UInt8]], summary: Summary) {
        var files: [String: [UInt8]] = [:]
        let summary = run { name, bytes in files[name] = bytes }
        return (files, summary)
    }

    /// Writes `spar.csv`, `care-register.csv`, `phonebook.csv`, `nix.txt` and `care-truth.csv` into `directory`,
    /// each atomically.
    public func generate(directory: String) throws -> Summary {
        var failure: Error?
        let summary = run { name, bytes in
            guard failure == nil else { return }
            do {
                let w = try AtomicFileWriter(path: directory + "/" + name)
                w.write(bytes)
                try w.commit()
            } catch { failure = error }
        }
        if let failure { throw failure }
        return summary
    }

    /// Identity key of a person's name: sex, first name, surname(s).
    static func nameKey(_ p: Person) -> UInt64 {
        UInt64(UInt32(bitPattern: p.first)) & 0xFFFFF | (p.female ? 1 << 20 : 0)
            | (UInt64(UInt32(bitPattern: p.surname)) & 0xFFFFF) << 21 | UInt64(p.surname2 + 1) << 41
    }

    static func sameAddress(_ a: Address, _ b: Address) -> Bool {
        a.postal == b.postal && a.postalTail == b.postalTail && a.named == b.named && a.stem == b.stem
            && a.suffix == b.suffix && a.number == b.number && a.letter == b.letter && a.flat == b.flat
    }

    static func sameBirth(_ a: Person, _ b: Person) -> Bool { a.year == b.year && a.month == b.month && a.day == b.day }

    func run(emit: (String, [UInt8]) -> Void) -> Summary {
        let start = DispatchTime.now().uptimeNanoseconds
        let o = options
        var summary = Summary()
        var rng = SplitMix64(seed: seed, stream: 0xCA_2E)
        var factory = PeopleFactory(config: config, block: 0, blockCount: 1)
        let t = SwedishTables.shared

        // 1. The population, with its decoys.
        var persons: [Person] = []
        persons.reserveCapacity(o.persons)
        while persons.count < o.persons {
            let head = factory.person(&rng)
            persons.append(head)
            if persons.count < o.persons, rng.chance(o.relativeRate) {
                persons.append(factory.householdMember(of: head, &rng))
                summary.relatives += 1
            }
            if persons.count < o.persons, rng.chance(o.townNamesakeRate) {
                var n = factory.namesake(of: head, &rng)
                n.address = head.address
                n.address.named = -1
                n.address.stem = Int16(rng.below(t.streetStems.count))
                n.address.number = UInt16(1 + rng.below(60))
                persons.append(n)
                summary.namesakes += 1
            }
            if persons.count < o.persons, rng.chance(o.sameYearNamesakeRate) {
                var n = factory.namesake(of: head, &rng)
                factory.setBirth(&n, year: Int(head.year), &rng)
                persons.append(n)
                summary.namesakes += 1
            }
        }
        summary.persons = persons.count

        // 2. Fates, c/o, phone book and NIX membership.
        var fate = [ReferenceFate](repeating: .alive, count: persons.count)
        var fateDate = [Int32](repeating: 0, count: persons.count)
        var careOf = [Int32](repeating: -1, count: persons.count)
        var inPhonebook = [Bool](repeating: false, count: persons.count)
        var nix = [Bool](repeating: false, count: persons.count)
        for i in persons.indices {
            let r = Double(rng.next() >> 11) * 0x1p-53
            if r < o.deceasedRate {
                fate[i] = .deceased
            } else if r < o.deceasedRate + o.emigratedRate {
                fate[i] = .emigrated
            } else if r < o.deceasedRate + o.emigratedRate + o.protectedRate {
                fate[i] = .protected
            }
            if fate[i] == .deceased || fate[i] == .emigrated {
                fateDate[i] = Int32((2023 + rng.below(4)) * 10_000 + (1 + rng.below(12)) * 100 + 1 + rng.below(28))
            }
            if rng.chance(o.careOfRate) { careOf[i] = Int32(t.surnamePick.pick(&rng)) }
            inPhonebook[i] = fate[i] == .alive && rng.chance(o.phonebookRate)
            nix[i] = rng.chance(o.nixRate)
        }

        // 3. Customers: distinct persons of the extract, and a few who are not in it.
        let outside = Int((Double(o.customers) * o.notInReferenceRate).rounded())
        let inside = min(persons.count, o.customers - outside)
        var order = [Int32](0..<Int32(persons.count))
        for i in 0..<inside {
            let j = i + rng.below(order.count - i)
            order.swapAt(i, j)
        }
        var customers = Array(order[0..<inside])
        order = []
        var strangers: [Person] = []
        for _ in 0..<(o.customers - inside) {
            strangers.append(factory.person(&rng))
            customers.append(-Int32(strangers.count))
        }
        for i in stride(from: customers.count - 1, to: 0, by: -1) { customers.swapAt(i, rng.below(i + 1)) }
        summary.customers = customers.count
        summary.notInReference = strangers.count

        // Name index for identifiability: (name key, person) sorted.
        var byName = persons.indices.map { (Self.nameKey(persons[$0]), Int32($0)) }
        byName.sort { $0.0 < $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
        let keys = byName.map(\.0)
        func lowerBound(_ k: UInt64) -> Int {
            var lo = 0, hi = keys.count
            while lo < hi {
                let m = (lo + hi) >> 1
                if keys[m] < k { lo = m + 1 } else { hi = m }
            }
            return lo
        }

        // 4. Render.
        var spar = RecordRenderer(config: config, format: RegisterFormat())
        spar.out.reserveCapacity(persons.count * 110)
        for name in ["personnummer", "förnamn", "mellannamn", "efternamn", "c/o", "utdelningsadress", "postnummer",
                     "postort", "avliden", "utvandrad", "skyddad"].enumerated()
        {
            spar.emit(Array(name.element.utf8), last: name.offset == 10)
        }
        for i in persons.indices {
            spar.appendReferenceRow(persons[i], fate: fate[i], date: fateDate[i], careOf: careOf[i])
            switch fate[i] {
            case .deceased: summary.deceased += 1
            case .emigrated: summary.emigrated += 1
            case .protected: summary.protected += 1
            case .alive: break
            }
        }
        emit("spar.csv", spar.out)
        spar.out = []

        var book = RecordRenderer(config: config, format: RegisterFormat())
        for (i, name) in ["personnummer", "förnamn", "efternamn", "telefon"].enumerated() {
            book.emit(Array(name.utf8), last: i == 3)
        }
        var plain = RecordRenderer(config: config, format: RegisterFormat())
        var nixFile = RecordRenderer(config: config, format: RegisterFormat())
        nixFile.out.append(contentsOf: Array("# NIX-Telefon, spärrade nummer (genererade)\n".utf8))
        for i in persons.indices {
            let p = persons[i]
            if inPhonebook[i] {
                book.field.removeAll(keepingCapacity: true)
                book.appendPersonnummer(p, short: false, separator: true)
                book.emit(book.field, last: false)
                book.emit((p.female ? t.female : t.male)[Int(p.first)].bytes, last: false)
                book.emit(t.surnames[Int(p.surname)].bytes, last: false)
                book.field.removeAll(keepingCapacity: true)
                book.appendPhone(p.phone, style: 0)
                book.emit(book.field, last: true)
                summary.phonebookEntries += 1
            }
            if nix[i] {
                nixFile.field.removeAll(keepingCapacity: true)
                let style = [0, 1, 5, 2, 4, 6][rng.below(6)]
                nixFile.appendPhone(p.phone, style: style)
                nixFile.out.append(contentsOf: nixFile.field)
                nixFile.out.append(.lf)
                summary.nixNumbers += 1
                if rng.chance(o.nixJunkRate) {
                    nixFile.out.append(contentsOf: Array(rng.chance(0.5) ? "070-12\n".utf8 : "okänt nummer\n".utf8))
                    summary.nixJunkLines += 1
                }
            }
        }
        emit("phonebook.csv", book.out)
        book.out = []

        var register = RecordRenderer(config: config, format: RegisterFormat())
        register.out.reserveCapacity(customers.count * 140)
        for (i, name) in ["kundnr", "förnamn", "efternamn", "gatuadress", "postnummer", "postort", "telefon", "e-post",
                          "personnummer", "födelsedatum"].enumerated()
        {
            register.emit(Array(name.utf8), last: i == 9)
        }
        var truth: [UInt8] = Array(
            "kundnr,personnummer,moved,identifiable,deceased,emigrated,protected,gatuadress,postnummer,postort,telefon,nix\n"
                .utf8)
        for (position, c) in customers.enumerated() {
            let id = position + 1
            var crng = SplitMix64(seed: seed, stream: UInt64(id) &+ 0x5EED_0000_0000)
            let inRef = c >= 0
            let truePerson = inRef ? persons[Int(c)] : strangers[Int(-c) - 1]
            var shownPerson = truePerson
            let f = inRef ? fate[Int(c)] : .alive
            let moved = inRef && crng.chance(o.movedRate)
            if moved {
                if crng.chance(o.movedSameTownShare) {
                    shownPerson.address.stem = Int16(crng.below(t.streetStems.count))
                    shownPerson.address.named = -1
                    shownPerson.address.number = UInt16(1 + crng.below(90))
                } else {
                    shownPerson.address = factory.newAddress(&crng)
                }
                summary.moved += 1
            }
            var shown = RecordRenderer.CustomerShown(
                personnummer: !crng.chance(o.missingPersonnummerRate), personnummerBroken: false,
                birthDate: crng.chance(o.birthDateRate), phone: crng.chance(o.phoneRate))
            if shown.personnummer, crng.chance(o.brokenPersonnummerRate) { shown.personnummerBroken = true }
            register.appendCustomerRow(shownPerson, id: id, shown: shown, &crng)
            let lacking = !shown.personnummer || shown.personnummerBroken
            if lacking { summary.lackingPersonnummer += 1 }
            var identifiable = inRef && !lacking
            if inRef && lacking {
                let addressEvidence = !moved && f != .protected && f != .emigrated
                if addressEvidence || shown.birthDate {
                    let key = Self.nameKey(truePerson)
                    var k = lowerBound(key)
                    var matching = 0
                    while k < keys.count && keys[k] == key {
                        let q = persons[Int(byName[k].1)]
                        let qShowsAddress = fate[Int(byName[k].1)] != .protected && fate[Int(byName[k].1)] != .emigrated
                        if (!shown.birthDate || Self.sameBirth(q, truePerson))
                            && (!addressEvidence || (qShowsAddress && Self.sameAddress(q.address, truePerson.address)))
                        {
                            matching += 1
                        }
                        k += 1
                    }
                    identifiable = matching == 1
                }
                if identifiable { summary.identifiableLacking += 1 }
            }
            // Truth row.
            plain.field.removeAll(keepingCapacity: true)
            RecordRenderer.appendDecimal(id, to: &plain.field)
            plain.field.append(.comma)
            if inRef { plain.appendPersonnummer(truePerson, short: false, separator: false) }
            for flag in [moved, identifiable, f == .deceased, f == .emigrated, f == .protected] {
                plain.field.append(.comma)
                plain.field.append(flag ? 49 : 48)
            }
            truth.append(contentsOf: plain.field)
            plain.out.removeAll(keepingCapacity: true)
            plain.out.append(.comma)
            var noRng = SplitMix64(seed: 0)
            let showsAddress = inRef && f != .protected && f != .emigrated
            plain.field.removeAll(keepingCapacity: true)
            if showsAddress { plain.appendStreet(truePerson.address, corrupt: false, flat: true, &noRng) }
            plain.emit(plain.field, last: false)
            plain.field.removeAll(keepingCapacity: true)
            if showsAddress { plain.appendPostalCode(truePerson.address, space: true) }
            plain.emit(plain.field, last: false)
            plain.field.removeAll(keepingCapacity: true)
            if showsAddress {
                plain.field.append(contentsOf: t.postal[Int(truePerson.address.postal)].town)
                ByteEdits.uppercase(&plain.field)
            }
            plain.emit(plain.field, last: false)
            plain.field.removeAll(keepingCapacity: true)
            if inRef && inPhonebook[Int(c)] { plain.appendPhone(truePerson.phone, style: 1) }
            plain.emit(plain.field, last: false)
            let onNix = shown.phone && (inRef ? nix[Int(c)] : false)
            plain.emit([onNix ? 49 : 48], last: true)
            truth.append(contentsOf: plain.out)
        }
        emit("care-register.csv", register.out)
        emit("nix.txt", nixFile.out)
        emit("care-truth.csv", truth)
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return summary
    }
}
