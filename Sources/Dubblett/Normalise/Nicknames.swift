/// Common Swedish given-name hypocorisms and the formal name each stands for: Kalle → Karl,
/// Gittan → Birgitta, Mange → Magnus.
///
/// Customer registers hold what people typed or said ("Kalle Andersson"), the population register
/// holds the formal name ("Karl Andersson"); Jaro-Winkler and phonetic keys see two unrelated names
/// (Gittan/Birgitta share no first letter). The feature stage therefore takes the first-name phonetic
/// key of a nickname from its formal name, so the pair meets in every blocking rule on the first-name
/// key and counts as a phonetic first-name match (the "similar" level) when compared, like the Mapping
/// level peers offer as an extra (PEERS.md 3.10, recommendation (e)).
///
/// The table is deliberately conservative: only forms that are rarely a registered name of their own.
/// Forms that are common registered names in their own right (Lisa, Stina, Lotta, Olle, Gösta, Greta,
/// Maja, Lena, Kajsa, Britt, Ville) and forms that stand for several names (Rolle: Roland or Rolf;
/// Totte: Torsten or Torbjörn; Kicki and Kickan: Kristina or Kerstin) are left out, because mapping them would make unrelated people look alike.
/// Entries are in the exact name alphabet (lower-case Latin-1, `ö` = 0xF6).
public enum Nicknames {
    /// Nickname → formal name, as written in Swedish.
    static let pairs: [(String, String)] = [
        // Men.
        ("kalle", "karl"), ("calle", "carl"), ("lasse", "lars"), ("pelle", "per"), ("perra", "per"),
        ("nisse", "nils"), ("bosse", "bo"), ("janne", "jan"), ("jocke", "joakim"),
        ("micke", "mikael"), ("mikke", "mikael"), ("mange", "magnus"), ("hasse", "hans"), ("ante", "anders"),
        ("danne", "daniel"), ("tompa", "tomas"), ("robban", "robert"), ("steffe", "stefan"),
        ("gurra", "gustav"), ("benke", "bengt"), ("berra", "bertil"), ("fredde", "fredrik"),
        ("lelle", "lennart"), ("tobbe", "tobias"), ("matte", "mattias"), ("ludde", "ludvig"),
        ("kenta", "kent"), ("svenne", "sven"), ("leffe", "leif"), ("patte", "patrik"), ("kjelle", "kjell"),
        ("sebbe", "sebastian"), ("uffe", "ulf"), ("bengan", "bengt"), ("henke", "henrik"), ("roffe", "rolf"),
        ("nicke", "niklas"), ("fille", "filip"), ("hagge", "håkan"),
        // Women.
        ("gittan", "birgitta"), ("bittan", "birgitta"), ("maggan", "margareta"),
        ("majsan", "maria"), ("tessan", "therese"), ("jossan", "josefin"), ("kattis", "katarina"),
        ("vickan", "viktoria"), ("sussie", "susanne"), ("sussi", "susanne"), ("cissi", "cecilia"),
        ("millan", "camilla"), ("babsan", "barbro"), ("bettan", "elisabet"),
    ]

    /// The table in the name alphabet.
    static let table: [[UInt8]: [UInt8]] = {
        func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }
        var t: [[UInt8]: [UInt8]] = [:]
        for (nick, formal) in pairs where nick != formal { t[latin1(nick)] = latin1(formal) }
        return t
    }()

    /// The formal name `word` is a nickname of (exact name alphabet), or nil.
    ///
    /// - Complexity: one hash lookup; allocates the lookup key (the feature stage calls it once per
    ///   distinct first name).
    public static func formal(of word: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard word.count >= 3 && word.count <= 8 else { return nil }
        return table[Array(word)]
    }

    /// The number of nicknames in the table.
    public static var count: Int { table.count }
}
