/// A small corpus of Swedish name pairs in the engine's alphabet (lower-case Latin-1, one byte per
/// letter), spelling variants and near-misses, for kernel tests.
public enum SwedishNamePairs {
    /// Latin-1 bytes of a Swift string (every scalar must be ≤ U+00FF).
    public static func latin1(_ s: String) -> [UInt8] {
        s.unicodeScalars.map { scalar in
            precondition(scalar.value <= 0xFF, "not Latin-1")
            return UInt8(scalar.value)
        }
    }

    /// Surnames and given names, common and variant spellings.
    public static let names: [String] = [
        "andersson", "anderson", "johansson", "johanson", "karlsson", "carlsson", "carlson", "nilsson",
        "eriksson", "ericsson", "erixon", "larsson", "olsson", "persson", "pettersson", "petersson",
        "svensson", "gustafsson", "gustavsson", "jonsson", "jönsson", "lindqvist", "lindkvist", "lindquist",
        "lindberg", "lundberg", "lindström", "lundström", "sjöberg", "schöberg", "sjögren", "bergström",
        "öberg", "åberg", "ekström", "söderberg", "lundén", "lundin", "lundell", "wallin", "vallin",
        "björk", "hedlund", "mattsson", "matsson", "axelsson", "holm", "holmberg", "nyström", "fransson",
        "anna", "anders", "maria", "karl", "carl", "erik", "eric", "per", "pehr", "kjell", "tjell",
        "lars", "lasse", "johan", "johanna", "mohammed", "muhammad", "ali", "ahmed", "nguyen", "müller",
        "josefin", "josephine", "mathias", "mattias", "gustaf", "gustav", "olof", "olov", "åsa", "asa",
        "jonsson-blomqvist", "anna maria", "maria anna", "karl-johan", "von essen", "af klercker",
    ]

    /// Every ordered pair of distinct corpus names (about 8 000 pairs).
    public static var allPairs: [([UInt8], [UInt8])] {
        let bytes = names.map(latin1)
        var pairs: [([UInt8], [UInt8])] = []
        for a in bytes { for b in bytes { pairs.append((a, b)) } }
        return pairs
    }
}
