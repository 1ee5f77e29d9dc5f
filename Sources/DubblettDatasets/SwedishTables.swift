import Dubblett
import Foundation

/// The generator's frequency tables parsed once into byte arrays and weighted pickers.
///
/// Parsing the hand-written tables in `SwedishNames` and `SwedishPlaces` takes about a millisecond;
/// afterwards every value is a `[UInt8]` the renderer copies, so generating a row builds no `String`.
final class SwedishTables: Sendable {
    /// A name with its alternative spellings and nicknames, as UTF-8 bytes.
    struct Name: Sendable {
        let bytes: [UInt8]
        let variants: [[UInt8]]
        let nicknames: [[UInt8]]
    }

    /// A postal area: three-digit prefix, post town and the town's landline area code.
    struct PostalArea: Sendable {
        let prefix: Int
        let town: [UInt8]
        let areaCode: [UInt8]
    }

    let male: [Name]
    let malePick: WeightedIndex
    let female: [Name]
    let femalePick: WeightedIndex
    let surnames: [Name]
    let surnamePick: WeightedIndex
    let postal: [PostalArea]
    let postalPick: WeightedIndex
    let streetStems: [[UInt8]]
    let streetSuffixes: [[UInt8]]
    let suffixPick: WeightedIndex
    let namedStreets: [[UInt8]]
    let emailDomains: [[UInt8]]
    let emailPick: WeightedIndex

    /// The shared, parsed tables.
    static let shared = SwedishTables()

    private init() {
        func bytes(_ s: Substring) -> [UInt8] { Array(s.utf8) }
        func parseNames(_ text: String) -> ([Name], [Double]) {
            var names: [Name] = []
            var weights: [Double] = []
            for raw in text.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                let halves = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
                let head = halves[0].split(separator: " ", omittingEmptySubsequences: true)
                // Names may contain a space ("von Essen"): the weight is the first all-digit token.
                let weightAt = head.firstIndex { $0.allSatisfy(\.isNumber) }!
                let name = head[..<weightAt].joined(separator: " ")
                let variants = head[(weightAt + 1)...].flatMap { $0.split(separator: "/") }.map(bytes)
                let nicks = halves.count > 1
                    ? halves[1].split(whereSeparator: { $0 == "/" || $0 == " " }).map(bytes).filter { $0 != Array(name.utf8) }
                    : []
                names.append(Name(bytes: Array(name.utf8), variants: variants, nicknames: nicks))
                weights.append(Double(head[weightAt])!)
            }
            return (names, weights)
        }
        (male, _) = parseNames(SwedishNames.male)
        malePick = WeightedIndex(weights: parseNames(SwedishNames.male).1)
        (female, _) = parseNames(SwedishNames.female)
        femalePick = WeightedIndex(weights: parseNames(SwedishNames.female).1)

        // Listed surnames keep their weights; two-part nature names form the long tail, each rare.
        var (listed, listedWeights) = parseNames(SwedishNames.surnames)
        var seen = Set(listed.map(\.bytes))
        let firsts = SwedishNames.surnameParts.first.split(whereSeparator: \.isWhitespace)
        let seconds = SwedishNames.surnameParts.second.split(whereSeparator: \.isWhitespace)
        for a in firsts {
            for b in seconds {
                // Join without a tripled letter (Hall + lund, not Halllund; Sjö + ström stays).
                var joined = String(a)
                if joined.last == b.first, joined.dropLast().last == b.first { joined.removeLast() }
                let name = Array((joined + String(b)).utf8)
                if seen.insert(name).inserted {
                    listed.append(Name(bytes: name, variants: [], nicknames: []))
                    listedWeights.append(1.0)
                }
            }
        }
        surnames = listed
        surnamePick = WeightedIndex(weights: listedWeights)

        var areas: [PostalArea] = []
        var areaWeights: [Double] = []
        for raw in SwedishPlaces.postalAreas.split(separator: "\n") {
            let parts = raw.trimmingCharacters(in: .whitespaces).split(separator: "|")
            guard parts.count == 4 else { continue }
            areas.append(PostalArea(prefix: Int(parts[0])!, town: bytes(parts[1]), areaCode: bytes(parts[2])))
            areaWeights.append(Double(parts[3])!)
        }
        postal = areas
        postalPick = WeightedIndex(weights: areaWeights)

        streetStems = SwedishPlaces.streetStems.split(whereSeparator: \.isWhitespace).map(bytes)
        var suffixes: [[UInt8]] = []
        var suffixWeights: [Double] = []
        for raw in SwedishPlaces.streetSuffixes.split(separator: "\n") {
            let parts = raw.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            suffixes.append(bytes(parts[0]))
            suffixWeights.append(Double(parts[1])!)
        }
        streetSuffixes = suffixes
        suffixPick = WeightedIndex(weights: suffixWeights)
        namedStreets = SwedishPlaces.namedStreets.split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { Array($0.utf8) }

        var domains: [[UInt8]] = []
        var domainWeights: [Double] = []
        for raw in SwedishPlaces.emailProviders.split(separator: "\n") {
            let parts = raw.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2 else { continue }
            domains.append(bytes(parts[0]))
            domainWeights.append(Double(parts[1])!)
        }
        emailDomains = domains
        emailPick = WeightedIndex(weights: domainWeights)
    }
}
