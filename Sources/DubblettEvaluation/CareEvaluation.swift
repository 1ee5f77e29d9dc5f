import Dubblett
import Foundation

/// Scores a register update against the truth of `dubblett generate-reference` (`care-truth.csv`).
///
/// The figures are the bars of register care: appended personnummer correct and their recall over the
/// identifiable customers who lacked one; moved identifiable customers given their correct current address;
/// other customers given a wrong address; protected rows given an address; precision and recall of the
/// deceased, emigrated and protected flags; appended phones correct.
public struct CareEvaluation: Sendable, Codable, Equatable {
    public var customers = 0
    public var truthRowsMissing = 0
    public var personnummerAppended = 0
    public var personnummerAppendedCorrect = 0
    public var lackingIdentifiable = 0
    public var lackingIdentifiableAppended = 0
    public var movedIdentifiable = 0
    public var movedIdentifiableCorrect = 0
    public var others = 0
    public var othersWrongAddress = 0
    public var protectedGivenAddress = 0
    public var flags: [String: FlagScore] = [:]
    public var phoneAppended = 0
    public var phoneAppendedCorrect = 0

    /// Precision and recall of one flag; recall over the identifiable customers with the flag.
    public struct FlagScore: Sendable, Codable, Equatable {
        public var flagged = 0
        public var correct = 0
        public var truthIdentifiable = 0
        public var truthAll = 0
        public var precision: Double { flagged == 0 ? 1 : Double(correct) / Double(flagged) }
        public var recall: Double { truthIdentifiable == 0 ? 1 : Double(correct) / Double(truthIdentifiable) }
    }

    public var personnummerPrecision: Double {
        personnummerAppended == 0 ? 1 : Double(personnummerAppendedCorrect) / Double(personnummerAppended)
    }
    public var personnummerRecall: Double {
        lackingIdentifiable == 0 ? 1 : Double(lackingIdentifiableAppended) / Double(lackingIdentifiable)
    }
    public var movedCorrectRate: Double {
        movedIdentifiable == 0 ? 1 : Double(movedIdentifiableCorrect) / Double(movedIdentifiable)
    }
    public var othersWrongRate: Double { others == 0 ? 0 : Double(othersWrongAddress) / Double(others) }

    /// Letters and digits of an address, lower-cased (ASCII), for comparing addresses.
    static func folded(_ f: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        for b in f where (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b >= 0x80 {
            out.append(b >= 65 && b <= 90 ? b | 0x20 : b)
        }
        // Upper-case Å Ä Ö (C3 85/84/96) to lower case (C3 A5/A4/B6).
        for i in out.indices.dropFirst() where out[i - 1] == 0xC3 && out[i] >= 0x80 && out[i] <= 0x9E {
            out[i] |= 0x20
        }
        return out
    }

    /// Scores `outcome` of `register` against `truth`.
    /// - Throws: `CareError` when the truth lacks one of its columns.
    public static func evaluate(
        _ o: ReferenceUpdate.Outcome, register: RecordStore, reference: RecordStore, phonebook: RecordStore?,
        features f: FeatureTable, truth: RecordStore
    ) throws -> CareEvaluation {
        func col(_ name: String) throws -> Int {
            guard let c = truth.column(named: name) else {
                throw CareError(message: "\(truth.sourceName): no column \(name); expected the care-truth.csv of "
                    + "dubblett generate-reference")
            }
            return c
        }
        let idC = try col("kundnr"), pnrC = try col("personnummer"), movedC = try col("moved")
        let identC = try col("identifiable"), streetC = try col("gatuadress"), postalC = try col("postnummer")
        let phoneC = try col("telefon")
        let flagCols = [("deceased", try col("deceased")), ("emigrated", try col("emigrated")),
                        ("protected", try col("protected"))]
        var byId: [String: Int] = [:]
        var inOrder = truth.rowCount == register.rowCount
        if inOrder {
            for r in stride(from: 0, to: register.rowCount, by: max(1, register.rowCount / 64))
            where truth.string(row: r, column: idC) != register.id(row: r) {
                inOrder = false
            }
        }
        if !inOrder {
            for r in 0..<truth.rowCount { byId[truth.string(row: r, column: idC)] = r }
        }
        var e = CareEvaluation()
        for name in flagCols.map(\.0) { e.flags[name] = FlagScore() }
        let n = register.rowCount
        let pnrCol = register.column(for: .personnummer)
        let refStreet = reference.column(for: .street), refPostal = reference.column(for: .postalCode)
        let regStreet = register.column(for: .street), regPostal = register.column(for: .postalCode)
        func yes(_ r: Int, _ c: Int) -> Bool { truth.field(row: r, column: c).first == 49 }
        for r in 0..<n {
            let t: Int
            if inOrder {
                t = r
            } else if let x = byId[register.id(row: r)] {
                t = x
            } else {
                e.truthRowsMissing += 1
                continue
            }
            e.customers += 1
            var truePnr: Int64 = 0
            if case .valid(let v, _) = Personnummer.parse(truth.field(row: t, column: pnrC), referenceDate: 0) {
                truePnr = v
            }
            var hadValid = false
            if let c = pnrCol, case .valid = Personnummer.parse(register.field(row: r, column: c), referenceDate: 0) {
                hadValid = true
            }
            let identifiable = yes(t, identC)
            if o.personnummerAppended[r] {
                e.personnummerAppended += 1
                let appended = f.personnummer[n + Int(o.reference[r])]
                if appended == truePnr {
                    e.personnummerAppendedCorrect += 1
                }
            }
            if !hadValid && identifiable {
                e.lackingIdentifiable += 1
                if o.personnummerAppended[r] && f.personnummer[n + Int(o.reference[r])] == truePnr {
                    e.lackingIdentifiableAppended += 1
                }
            }
            // Address.
            let trueStreet = folded(truth.field(row: t, column: streetC))
            let truePostal = folded(truth.field(row: t, column: postalC))
            var street: [UInt8] = [], postal: [UInt8] = []
            if o.addressUpdated[r], let s = refStreet, let p = refPostal {
                street = folded(reference.field(row: Int(o.reference[r]), column: s))
                postal = folded(reference.field(row: Int(o.reference[r]), column: p))
            } else {
                if let s = regStreet { street = folded(register.field(row: r, column: s)) }
                if let p = regPostal { postal = folded(register.field(row: r, column: p)) }
            }
            let correct = street == trueStreet && postal == truePostal
            if yes(t, movedC) && identifiable && !trueStreet.isEmpty {
                e.movedIdentifiable += 1
                if correct { e.movedIdentifiableCorrect += 1 }
            } else {
                e.others += 1
                if o.addressUpdated[r] && !correct { e.othersWrongAddress += 1 }
            }
            for (name, c) in flagCols {
                let truthFlag = yes(t, c)
                let flagged = name == "deceased" ? o.deceased[r] : name == "emigrated" ? o.emigrated[r] : o.protected[r]
                if name == "protected" && truthFlag && o.addressUpdated[r] { e.protectedGivenAddress += 1 }
                if flagged { e.flags[name]!.flagged += 1 }
                if flagged && truthFlag { e.flags[name]!.correct += 1 }
                if truthFlag { e.flags[name]!.truthAll += 1 }
                if truthFlag && identifiable { e.flags[name]!.truthIdentifiable += 1 }
            }
            if o.phoneAppended[r] >= 0, let book = phonebook, let bp = book.column(for: .phone) {
                e.phoneAppended += 1
                if PhoneNumber.parse(book.field(row: Int(o.phoneAppended[r]), column: bp))
                    == PhoneNumber.parse(truth.field(row: t, column: phoneC))
                {
                    e.phoneAppendedCorrect += 1
                }
            }
        }
        return e
    }

    /// Human-readable lines, one figure each, with the bar beside it.
    public func lines() -> [String] {
        func pct(_ x: Double) -> String { String(format: "%.3f %%", x * 100) }
        var l = [
            "truth              \(customers) customers scored" + (truthRowsMissing > 0 ? ", \(truthRowsMissing) not in the truth" : ""),
            "personnummer       appended \(personnummerAppended), correct \(pct(personnummerPrecision)) (bar ≥ 99.9 %); "
                + "\(lackingIdentifiableAppended) of \(lackingIdentifiable) identifiable customers lacking one got it: "
                + "\(pct(personnummerRecall)) (bar ≥ 95 %)",
            "moved              \(movedIdentifiableCorrect) of \(movedIdentifiable) identifiable movers have their current "
                + "address: \(pct(movedCorrectRate)) (bar ≥ 97 %)",
            "others             \(othersWrongAddress) of \(others) given a wrong address: \(pct(othersWrongRate)) "
                + "(bar ≤ 0.1 %); protected rows given an address: \(protectedGivenAddress) (bar 0)",
        ]
        for (name, s) in flags.sorted(by: { $0.key < $1.key }) {
            l.append(name.padding(toLength: 19, withPad: " ", startingAt: 0)
                + "flagged \(s.flagged), precision \(pct(s.precision)) (bar ≥ 99.9 %), recall \(pct(s.recall)) "
                + "of \(s.truthIdentifiable) identifiable (bar ≥ 98 %); \(s.truthAll) in all")
        }
        if phoneAppended > 0 {
            l.append("phone              appended \(phoneAppended), correct \(phoneAppendedCorrect)")
        }
        return l
    }
}
