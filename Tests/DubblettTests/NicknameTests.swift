import DubblettSimilarity
import Testing

@testable import Dubblett

@Suite("Nicknames")
struct NicknameTests {
    static func latin1(_ s: String) -> [UInt8] { s.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) } }

    static func formal(_ s: String) -> String? {
        latin1(s).withUnsafeBufferPointer { Nicknames.formal(of: $0) }.map {
            String(String.UnicodeScalarView($0.map { Unicode.Scalar($0) }))
        }
    }

    @Test func mapsHypocorismsOnly() {
        #expect(Self.formal("kalle") == "karl")
        #expect(Self.formal("gittan") == "birgitta")
        #expect(Self.formal("mange") == "magnus")
        // Formal names and names common in their own right are not nicknames.
        #expect(Self.formal("karl") == nil)
        #expect(Self.formal("lisa") == nil)
        #expect(Self.formal("gösta") == nil)
        #expect(Self.formal("") == nil)
        #expect(Nicknames.count == Nicknames.pairs.count)
    }

    /// Every entry is written in the engine's exact name alphabet (so a lookup of a normalised name can
    /// hit it: "håkan" must hold 0xE5, not UTF-8), and no formal name is itself a nickname.
    @Test func tableIsInTheNameAlphabet() {
        for (nick, formal) in Nicknames.pairs {
            #expect(NameNormaliser.normalise(nick, folded: false) == Self.latin1(nick), "\(nick)")
            #expect(NameNormaliser.normalise(formal, folded: false) == Self.latin1(formal), "\(formal)")
            #expect(nick != formal)
            #expect(Self.formal(formal) == nil, "\(formal) is both formal and a nickname")
            #expect(Self.formal(nick) == formal)
        }
    }

    /// The first-name phonetic key of a nickname is its formal name's, also as the first word of a
    /// double name; other names keep their own key.
    @Test func firstNameKeyComesFromTheFormalName() {
        var column = ByteColumn()
        let names = ["kalle", "karl", "gittan", "birgitta", "kent", "lisa", "elisabet", "kalle-göran", "mange ola"]
        for n in names { column.append(Self.latin1(n)) }
        let keys = column.phoneticKeys(firstWordOnly: true, workers: 1)
        #expect(keys[0] == keys[1])  // Kalle ~ Karl
        #expect(keys[2] == keys[3])  // Gittan ~ Birgitta
        #expect(keys[2] != keys[4])
        #expect(keys[5] != keys[6])  // Lisa is not mapped
        #expect(keys[7] == keys[1])  // Kalle-Göran: first word Kalle
        #expect(keys[8] == SwedishPhonetic.key(Self.latin1("magnus")))  // first word of "mange ola"
        #expect(keys.allSatisfy { $0 != 0 })
        // Whole-name keys (surnames) are untouched by the table.
        let whole = column.phoneticKeys(firstWordOnly: false, workers: 1)
        #expect(whole[0] != whole[1])
    }
}
