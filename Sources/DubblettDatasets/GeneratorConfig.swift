import Dubblett
import Foundation

/// Every knob of the register generator: how people are drawn and how their records get corrupted.
///
/// Rates are probabilities in `0...1`. "Per record" rates are drawn independently for each record a
/// person yields (the first record too), so a person with three records may show three different
/// spellings. Defaults aim at a register that a Swedish B2C company would recognise: most people
/// appear once, the duplicates that exist are messy, and a few look-alikes (household members,
/// namesakes) are *not* duplicates. A JSON file given to `dubblett generate --config` may set any
/// subset of the keys; the rest keep these defaults (`dubblett generate --print-config` shows them).
public struct GeneratorConfig: Codable, Sendable, Equatable {
    // MARK: People (entities)

    /// Relative weights of a person yielding 1, 2, 3, ... records (index 0 = one record).
    public var recordsPerEntityWeights: [Double] = [0.70, 0.18, 0.07, 0.03, 0.015, 0.005]
    /// Probability that a person brings a household member: a *different* person (a hard negative)
    /// with the same surname, address and landline, but another first name, birth date and personnummer.
    public var householdRate: Double = 0.08
    /// Probability that a household member has the same first name as the person (father and son).
    public var householdSameFirstNameRate: Double = 0.05
    /// Probability that a household member is the person's twin: same birth date as well, so only the
    /// first name, e-mail and personnummer tell them apart (the hardest negative).
    public var householdTwinRate: Double = 0.03
    /// Probability that a household member shares the person's e-mail (a family address).
    public var householdSharedEmailRate: Double = 0.15
    /// Probability that a person brings a namesake: a different person with the same first name and
    /// surname elsewhere in the country (a hard negative; common names make these frequent).
    public var namesakeRate: Double = 0.03
    /// Probability that a person has a second given name (`Karl Johan`).
    public var secondGivenNameRate: Double = 0.30
    /// Probability that a person has a double surname (`Jonsson-Blomqvist`).
    public var doubleSurnameRate: Double = 0.02
    /// Probability that a person has a samordningsnummer (birth day + 60) instead of a personnummer.
    public var coordinationNumberRate: Double = 0.01
    /// Probability that a person is 100 years or older (the short personnummer then uses `+`).
    public var centenarianRate: Double = 0.003
    /// Probability that a person's phone is a landline (area code of their town) rather than a mobile.
    public var landlineRate: Double = 0.15
    /// Probability that a person has an e-mail address at all.
    public var emailRate: Double = 0.80
    /// Probability that a person's address carries a lägenhetsnummer (`lgh 1102`).
    public var flatNumberRate: Double = 0.30
    /// The year the register is taken in: ages, and the `+` of 100-year-olds, count from it.
    public var referenceYear: Int = 2026

    // MARK: Corruptions, per record

    /// Probability of one keyboard typo (insert, delete, substitute by a neighbour key, transpose) in
    /// each of first name, surname, street and e-mail.
    public var typoRate: Double = 0.03
    /// Probability that a name is written in a Swedish spelling variant (Carl/Karl, Gustaf/Gustav,
    /// Pehr/Per, Christina/Kristina, Lindqvist/Lindkvist, Eriksson/Erixon, Mattsson/Matsson ...).
    public var spellingVariantRate: Double = 0.05
    /// Probability that a first name with a known nickname is written as it (Kalle, Lasse, Pelle).
    public var nicknameRate: Double = 0.03
    /// Probability that a record lost its å/ä/ö (to a/a/o) or had them transliterated (aa/ae/oe).
    public var diacriticLossRate: Double = 0.05
    /// Among records that lost their diacritics: the share transliterated as aa/ae/oe.
    public var diacriticTransliterationShare: Double = 0.30
    /// Probability that a text field is in capitals or lower case (the rest keep natural case).
    public var caseChangeRate: Double = 0.04
    /// Probability that a street suffix is abbreviated or shortened (g., gata, v., väg).
    public var streetAbbreviationRate: Double = 0.10
    /// Probability that a house letter is in lower case (`12b`) or the flat number follows a comma
    /// (`Storgatan 12, lgh 1101`; the comma makes the field quoted in the comma flavour).
    public var addressFormatVariantRate: Double = 0.30
    /// Probability that a record leaves out the flat number of a person who has one.
    public var flatNumberOmittedRate: Double = 0.30
    /// Probability that a postal code is written without its space (`11351` for `113 51`).
    public var postalCodeNoSpaceRate: Double = 0.30
    /// Probability that a phone number is in another format than `070-123 45 67`
    /// (`0701234567`, `+46 70 123 45 67`, `0046701234567`, ...).
    public var phoneFormatVariantRate: Double = 0.50
    /// Probability that first name and surname are swapped between their columns.
    public var nameSwapRate: Double = 0.01
    /// Probability that a second or later record of a person shows a new address (the person moved;
    /// name, phone, e-mail and personnummer stay).
    public var movedRate: Double = 0.10
    /// Probability that a second or later record shows another phone number.
    public var phoneChangeRate: Double = 0.05
    /// Probability that a second or later record shows another e-mail address.
    public var emailChangeRate: Double = 0.05
    /// Probability that a person's second given name is shown, when they have one.
    public var secondGivenNameShownRate: Double = 0.40
    /// Probability that a personnummer is written with 10 digits (`640823-3234`) instead of 12.
    public var personnummerShortFormRate: Double = 0.35
    /// Probability that a personnummer is written without its `-` separator (a `+` always stays).
    public var personnummerNoSeparatorRate: Double = 0.25
    /// Probability that a birth date is written `YYYYMMDD` or `DD/MM/YYYY` instead of `YYYY-MM-DD`.
    public var birthDateFormatVariantRate: Double = 0.10

    /// Probability that a field is blank, per column, per record.
    public var blankRates: BlankRates = BlankRates()

    /// Per-column probabilities that a field is empty in a record.
    public struct BlankRates: Codable, Sendable, Equatable {
        /// förnamn left empty.
        public var firstName: Double = 0.005
        /// efternamn left empty.
        public var lastName: Double = 0.003
        /// gatuadress left empty.
        public var street: Double = 0.02
        /// postnummer left empty.
        public var postalCode: Double = 0.02
        /// postort left empty.
        public var town: Double = 0.03
        /// telefon left empty (registers often lack a phone).
        public var phone: Double = 0.15
        /// e-post left empty (on top of persons without e-mail, `1 − emailRate`).
        public var email: Double = 0.10
        /// personnummer left empty (many B2C registers do not collect it).
        public var personnummer: Double = 0.30
        /// födelsedatum left empty.
        public var birthDate: Double = 0.25
        /// The defaults above.
        public init() {}
    }

    /// The defaults described on each property.
    public init() {}

    /// Reads a JSON object whose keys override the defaults; unknown keys and out-of-range rates are
    /// reported all at once, naming the file.
    /// - Throws: `GeneratorConfigError` with every problem found.
    public static func load(path: String) throws -> GeneratorConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GeneratorConfigError(path: path, problems: ["cannot read the file"])
        }
        return try decode(data, path: path)
    }

    /// Decodes a JSON object whose keys override the defaults (see `load(path:)`).
    public static func decode(_ data: Data, path: String = "<config>") throws -> GeneratorConfig {
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(GeneratorConfig())) as! [String: Any]
        let given: Any
        do { given = try JSONSerialization.jsonObject(with: data) } catch {
            throw GeneratorConfigError(path: path, problems: ["not valid JSON: \(error.localizedDescription)"])
        }
        guard let object = given as? [String: Any] else {
            throw GeneratorConfigError(path: path, problems: ["the top level must be a JSON object { ... }"])
        }
        var problems: [String] = []
        var merged = defaults
        for (key, value) in object {
            guard let old = defaults[key] else {
                problems.append("unknown key \"\(key)\"; known keys: \(defaults.keys.sorted().joined(separator: ", "))")
                continue
            }
            if key == "blankRates", let inner = value as? [String: Any], var base = old as? [String: Any] {
                for (k, v) in inner {
                    if base[k] == nil {
                        problems.append("unknown key \"blankRates.\(k)\"; known: \(base.keys.sorted().joined(separator: ", "))")
                    } else { base[k] = v }
                }
                merged[key] = base
            } else {
                merged[key] = value
            }
        }
        if !problems.isEmpty { throw GeneratorConfigError(path: path, problems: problems) }
        let config: GeneratorConfig
        do {
            config = try JSONDecoder().decode(GeneratorConfig.self, from: JSONSerialization.data(withJSONObject: merged))
        } catch {
            throw GeneratorConfigError(path: path, problems: ["a value has the wrong type: \(error)"])
        }
        let invalid = config.problems()
        if !invalid.isEmpty { throw GeneratorConfigError(path: path, problems: invalid) }
        return config
    }

    /// Every value out of range, as teaching messages; empty when the configuration is usable.
    public func problems() -> [String] {
        var out: [String] = []
        let mirror = Mirror(reflecting: self)
        func check(_ m: Mirror, prefix: String) {
            for child in m.children {
                guard let label = child.label else { continue }
                if let v = child.value as? Double, !(0...1).contains(v) {
                    out.append("\(prefix)\(label) is \(v); a rate must be between 0 and 1")
                } else if let nested = child.value as? BlankRates {
                    check(Mirror(reflecting: nested), prefix: "blankRates.")
                }
            }
        }
        check(mirror, prefix: "")
        if recordsPerEntityWeights.isEmpty || recordsPerEntityWeights.contains(where: { $0 < 0 || !$0.isFinite })
            || recordsPerEntityWeights.reduce(0, +) <= 0 || !recordsPerEntityWeights.reduce(0, +).isFinite {
            out.append("recordsPerEntityWeights must be non-negative weights with a positive sum, e.g. [0.7, 0.2, 0.1]")
        }
        if recordsPerEntityWeights.count > 64 {
            out.append("recordsPerEntityWeights allows at most 64 records per person")
        }
        if !(1900...2200).contains(referenceYear) {
            out.append("referenceYear is \(referenceYear); use a year between 1900 and 2200")
        }
        return out
    }

    /// The defaults as pretty-printed JSON (for `--print-config` and the datasets manifest).
    public static func defaultsJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try! encoder.encode(GeneratorConfig()), as: UTF8.self)
    }
}

/// A generator configuration file could not be used; lists every problem found.
public struct GeneratorConfigError: Error, CustomStringConvertible {
    /// The configuration file.
    public let path: String
    /// Every problem found, as a sentence saying what to change.
    public let problems: [String]
    /// The file and its problems, one per line.
    public var description: String {
        "\(path): the generator configuration has \(problems.count) problem(s):\n"
            + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
