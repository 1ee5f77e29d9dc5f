/// Flags found while splitting a street field.
public struct StreetFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// The field starts with `c/o` (särskild postadress); the street part, if any, follows a comma.
    public static let careOf = StreetFlags(rawValue: 1 << 0)
    /// A post-office box (`Box 123`); `boxNumber` holds its number and there is no street.
    public static let box = StreetFlags(rawValue: 1 << 1)
    /// The house number was a range (`12-14`); `houseNumber` holds the first.
    public static let numberRange = StreetFlags(rawValue: 1 << 2)
    /// An abbreviation was expanded (`Storg.` → `storgatan`).
    public static let expanded = StreetFlags(rawValue: 1 << 3)
}

/// The parts of one street field. The normalised street name itself is in the caller's buffer.
public struct StreetParts: Sendable, Hashable {
    /// Bytes of normalised street name written (NameNormaliser alphabet).
    public var nameLength: Int = 0
    /// House number (`12` in `Storgatan 12B`), 0 when none.
    public var houseNumber: Int32 = 0
    /// House letter as lower-case ASCII (`b` in `12B` or `12 B`), 0 when none.
    public var letter: UInt8 = 0
    /// Lägenhetsnummer (`1101` in `lgh 1101`), 0 when none.
    public var lgh: Int32 = 0
    /// Box number when `flags` contains `.box`, else 0.
    public var boxNumber: Int32 = 0
    /// c/o, box, range, expanded.
    public var flags: StreetFlags = []

    public init() {}
}

/// Swedish street addresses: expand abbreviations, split number, letter, lägenhetsnummer, c/o and Box.
///
/// Abbreviations (libpostal's Swedish dictionaries; Lantmäteriet's address conventions):
/// glued or separate `g.`, `gat.`, `gt.` → `gatan`; `v.`, `vg.` → `vägen` (`Storg. 5` → `storgatan`,
/// `Kungsv 3` without the dot is left alone); a separate abbreviation is glued to the word before it
/// (`Drottning g. 5` → `drottninggatan`) but a separate full word is not (`Gamla vägen`); leading `S:t`,
/// `St.`, `Skt` → `sankt`; `G:la` → `gamla`, `L:a` → `lilla`, `St:a`/`Sto:a` → `stora`, `N:a` → `norra`,
/// `S:a` → `södra`, `Ö:a`/`O:a` → `östra`, `V:a` → `västra`; ordinals `1:a` → `1a`.
/// The house number is the first token that starts with a digit after at least one name token:
/// `12`, `12B`, `12 B`, `12-14` (range, first kept). After it, `lgh 1101`, `lgh. 1101`, `lghnr 1101`,
/// `lägenhet 1101` or `lgh1101` give the lägenhetsnummer, also after a comma (`Storgatan 1, lgh 1101`);
/// floors (`2 tr`, `vån 3`) and anything else after a comma are ignored. Number first (`8118 Madison
/// Avenue`, US and Australian style): the number is the house number and a later number the flat's.
/// `c/o …` and `Box 123` set flags.
/// The name is normalised by `NameNormaliser` (same alphabet as names).
/// - Complexity: O(n); no heap allocation (a stack scratch of 3 × n + 16 bytes).
///   `name.count >= 3 * input.count + 16` always suffices; a smaller buffer truncates the name.
public enum StreetAddress {
    /// Splits one street field; the normalised street name goes to `name`.
    public static func parse(
        _ input: UnsafeRawBufferPointer, into name: UnsafeMutableBufferPointer<UInt8>, folded: Bool = false
    ) -> StreetParts {
        var parts = StreetParts()
        var range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return parts }
        // c/o: "c/o Name, Street 1" → street part after the comma; without a comma there is no street.
        if startsWith(input, range, "c/o") || startsWith(input, range, "c/o:") || startsWith(input, range, "co ") {
            parts.flags.insert(.careOf)
            guard let comma = firstIndex(of: .comma, in: input, range) else { return parts }
            range = NormaliseSupport.trimmed(UnsafeRawBufferPointer(rebasing: input[comma + 1..<range.upperBound]))
                .shifted(by: comma + 1)
            if range.isEmpty { return parts }
        }
        // Box 123 / Postbox 123 / Box123
        var tokens = Tokens(input: input, range: range)
        guard let first = tokens.next() else { return parts }
        if matches(input, first, "box") || matches(input, first, "postbox") || matches(input, first, "pb") {
            parts.flags.insert(.box)
            if let t = tokens.next() { parts.boxNumber = leadingNumber(input, t).value }
            return parts
        }
        if first.count > 3 && matchesPrefix(input, first, "box") && input[first.lowerBound + 3].isASCIIDigit {
            parts.flags.insert(.box)
            parts.boxNumber = leadingNumber(input, first.lowerBound + 3..<first.upperBound).value
            return parts
        }
        let scratchCapacity = 3 * range.count + 16
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: scratchCapacity) { scratch in
            var s = ScratchWriter(base: scratch.baseAddress!, capacity: scratchCapacity)
            var nameTokens = 0
            var token: Range<Int>? = first
            // Number first ("8118 Madison Avenue", as written in the US and Australia): the number is the
            // house number when a word follows it.
            var numberFirst = false
            if input[first.lowerBound].isASCIIDigit && !isOrdinal(input, first) {
                var look = tokens
                if let next = look.next(), !isComma(input, next), !input[next.lowerBound].isASCIIDigit {
                    let number = leadingNumber(input, first)
                    parts.houseNumber = number.value
                    if number.end < first.upperBound, let l = asciiLetter(input[number.end]),
                       number.end + 1 == first.upperBound {
                        parts.letter = l
                    }
                    numberFirst = true
                    token = tokens.next()
                }
            }
            // Phase A: name tokens until the house number.
            while let t = token {
                if nameTokens > 0 && input[t.lowerBound].isASCIIDigit && !isOrdinal(input, t) { break }
                if nameTokens > 0 && (matches(input, t, "nr") || matches(input, t, "nr.")) {
                    token = tokens.next()
                    continue
                }
                if isComma(input, t) {
                    token = nil
                    break
                }
                appendNameToken(input, t, isFirst: nameTokens == 0, into: &s, flags: &parts.flags)
                nameTokens += 1
                token = tokens.next()
            }
            // Phase B: number, letter, lgh (after a number-first street, a later number is the flat's).
            if numberFirst, let t = token, input[t.lowerBound].isASCIIDigit {
                parts.lgh = leadingNumber(input, t).value
            } else if let t = token {
                let number = leadingNumber(input, t)
                parts.houseNumber = number.value
                var rest = number.end
                if rest < t.upperBound, let l = asciiLetter(input[rest]),
                   rest + 1 == t.upperBound || input[rest + 1] == .hyphen {
                    parts.letter = l
                    rest += 1
                }
                if rest + 1 < t.upperBound && input[rest] == .hyphen && input[rest + 1].isASCIIDigit {
                    parts.flags.insert(.numberRange)
                }
                var expectLetter = true
                var expectLgh = false
                var afterComma = false
                while let u = tokens.next() {
                    // After a comma only a lägenhetsnummer is read ("Storgatan 1, lgh 1101"); floors and the
                    // rest are ignored.
                    if isComma(input, u) {
                        afterComma = true
                        expectLetter = false
                        continue
                    }
                    if afterComma && !expectLgh && !isLghWord(input, u) && !matchesPrefix(input, u, "lgh") { continue }
                    if expectLgh, input[u.lowerBound].isASCIIDigit {
                        parts.lgh = leadingNumber(input, u).value
                        expectLgh = false
                        continue
                    }
                    let letterToken = u.count == 1 || (u.count == 3 && input[u.lowerBound + 1] == .hyphen)  // B, A-C
                    if expectLetter && parts.letter == 0 && letterToken, let l = asciiLetter(input[u.lowerBound]) {
                        parts.letter = l
                        expectLetter = false
                        continue
                    }
                    expectLetter = false
                    if isLghWord(input, u) { expectLgh = true; continue }
                    if u.count > 3 && matchesPrefix(input, u, "lgh") && input[u.lowerBound + 3].isASCIIDigit {
                        parts.lgh = leadingNumber(input, u.lowerBound + 3..<u.upperBound).value
                    }
                }
            }
            parts.nameLength = NameNormaliser.normalise(
                UnsafeRawBufferPointer(start: scratch.baseAddress, count: s.count), into: name, folded: folded)
            return parts
        }
    }

    /// Convenience form for tests and cold paths: the name as bytes and the parts.
    public static func parse(_ s: String, folded: Bool = false) -> (name: [UInt8], parts: StreetParts) {
        var bytes = Array(s.utf8)
        var out = [UInt8](repeating: 0, count: 3 * bytes.count + 16)
        let parts = bytes.withUnsafeMutableBytes { raw in
            out.withUnsafeMutableBufferPointer { parse(UnsafeRawBufferPointer(raw), into: $0, folded: folded) }
        }
        return (Array(out[..<parts.nameLength]), parts)
    }

    // MARK: - Name tokens

    static let prefixExpansions: [(StaticString, StaticString)] = [
        ("s:t", "sankt"), ("st.", "sankt"), ("skt", "sankt"), ("skt.", "sankt"),
    ]
    static let wordExpansions: [(StaticString, StaticString)] = [
        ("g:la", "gamla"), ("l:a", "lilla"), ("st:a", "stora"), ("sto:a", "stora"), ("n:a", "norra"),
        ("s:a", "södra"), ("ö:a", "östra"), ("o:a", "östra"), ("v:a", "västra"),
    ]
    /// Separate words glued to the previous token.
    static let gluedWords: [(StaticString, StaticString)] = [
        ("g.", "gatan"), ("g", "gatan"), ("gat.", "gatan"), ("gat", "gatan"), ("gt.", "gatan"),
        ("v.", "vägen"), ("v", "vägen"), ("vg.", "vägen"),
    ]
    /// Suffixes (with their dot) expanded at the end of a word.
    static let suffixes: [(StaticString, StaticString)] = [
        ("gat.", "gatan"), ("gt.", "gatan"), ("g.", "gatan"), ("vg.", "vägen"), ("v.", "vägen"),
    ]

    static func appendNameToken(
        _ input: UnsafeRawBufferPointer, _ t: Range<Int>, isFirst: Bool, into s: inout ScratchWriter,
        flags: inout StreetFlags
    ) {
        if isFirst {
            for (abbreviation, word) in prefixExpansions where matches(input, t, abbreviation) {
                s.word(word)
                flags.insert(.expanded)
                return
            }
        }
        for (abbreviation, word) in wordExpansions where matches(input, t, abbreviation) {
            s.space()
            s.append(word)
            flags.insert(.expanded)
            return
        }
        if !isFirst {
            for (abbreviation, word) in gluedWords where matches(input, t, abbreviation) {
                s.append(word)  // no space: Swedish street suffixes are written together with the name
                if abbreviation.utf8CodeUnitCount != word.utf8CodeUnitCount { flags.insert(.expanded) }
                return
            }
        }
        if isOrdinal(input, t) {  // 1:a, 2:dra → 1a, 2dra
            s.space()
            for i in t where input[i] != .colon { s.append(byte: input[i]) }
            return
        }
        for (suffix, word) in suffixes {
            let n = suffix.utf8CodeUnitCount
            if t.count > n + 1 && matches(input, (t.upperBound - n)..<t.upperBound, suffix) {
                s.space()
                for i in t.lowerBound..<(t.upperBound - n) { s.append(byte: input[i]) }
                s.append(word)
                flags.insert(.expanded)
                return
            }
        }
        s.space()
        for i in t { s.append(byte: input[i]) }
    }

    // MARK: - Byte helpers

    /// Case-insensitive equality of `input[t]` with a lower-case UTF-8 pattern (ASCII and Latin-1 letters).
    static func matches(_ input: UnsafeRawBufferPointer, _ t: Range<Int>, _ pattern: StaticString) -> Bool {
        t.count == pattern.utf8CodeUnitCount && matchesPrefix(input, t, pattern)
    }

    static func matchesPrefix(_ input: UnsafeRawBufferPointer, _ t: Range<Int>, _ pattern: StaticString) -> Bool {
        let n = pattern.utf8CodeUnitCount
        guard t.count >= n else { return false }
        let p = pattern.utf8Start
        var previous: UInt8 = 0
        for k in 0..<n {
            var b = input[t.lowerBound + k]
            if b &- 0x41 < 26 { b |= 0x20 } else if previous == 0xC3 && b &- 0x80 < 0x1F { b &+= 0x20 }
            if b != p[k] { return false }
            previous = b
        }
        return true
    }

    static func startsWith(_ input: UnsafeRawBufferPointer, _ range: Range<Int>, _ pattern: StaticString) -> Bool {
        matchesPrefix(input, range, pattern)
    }

    static func firstIndex(of byte: UInt8, in input: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int? {
        for i in range where input[i] == byte { return i }
        return nil
    }

    static func isComma(_ input: UnsafeRawBufferPointer, _ t: Range<Int>) -> Bool {
        t.count == 1 && input[t.lowerBound] == .comma
    }

    /// `1:a`, `2:a`, `3:e`, `2:dra`: digits, a colon, letters.
    static func isOrdinal(_ input: UnsafeRawBufferPointer, _ t: Range<Int>) -> Bool {
        var i = t.lowerBound
        while i < t.upperBound && input[i].isASCIIDigit { i += 1 }
        guard i > t.lowerBound, i + 1 < t.upperBound, input[i] == .colon else { return false }
        return asciiLetter(input[i + 1]) != nil
    }

    static func isLghWord(_ input: UnsafeRawBufferPointer, _ t: Range<Int>) -> Bool {
        matches(input, t, "lgh") || matches(input, t, "lgh.") || matches(input, t, "lgh:") || matches(input, t, "lghnr")
            || matches(input, t, "lgh.nr") || matches(input, t, "lgh.nr.") || matches(input, t, "lägenhet")
            || matches(input, t, "lägenhetsnummer") || matches(input, t, "lgnr") || matches(input, t, "lägenhetsnr")
    }

    @inline(__always)
    static func asciiLetter(_ b: UInt8) -> UInt8? {
        let l = b | 0x20
        return l &- 0x61 < 26 ? l : nil
    }

    /// The number at the start of `t` (at most 9 digits) and the index after it.
    static func leadingNumber(_ input: UnsafeRawBufferPointer, _ t: Range<Int>) -> (value: Int32, end: Int) {
        var v: Int32 = 0
        var i = t.lowerBound
        while i < t.upperBound, input[i].isASCIIDigit {
            if i - t.lowerBound < 9 { v = v * 10 + Int32(input[i] - 0x30) }
            i += 1
        }
        return (v, i)
    }
}

/// Splits a field into tokens at white space; a comma is its own token.
struct Tokens {
    let input: UnsafeRawBufferPointer
    var position: Int
    let end: Int

    init(input: UnsafeRawBufferPointer, range: Range<Int>) {
        self.input = input
        position = range.lowerBound
        end = range.upperBound
    }

    mutating func next() -> Range<Int>? {
        while position < end && NormaliseSupport.isSpace(input[position]) { position += 1 }
        guard position < end else { return nil }
        let start = position
        if input[position] == .comma { position += 1; return start..<position }
        while position < end && !NormaliseSupport.isSpace(input[position]) && input[position] != .comma {
            position += 1
        }
        return start..<position
    }
}

/// Appends raw UTF-8 to the stack scratch with bounds checks.
struct ScratchWriter {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0

    @inline(__always)
    mutating func append(byte: UInt8) {
        if count < capacity { base[count] = byte; count += 1 }
    }

    mutating func append(_ s: StaticString) {
        let p = s.utf8Start
        for k in 0..<s.utf8CodeUnitCount { append(byte: p[k]) }
    }

    mutating func space() { if count > 0 { append(byte: .space) } }

    mutating func word(_ s: StaticString) { space(); append(s) }
}

extension Range where Bound == Int {
    func shifted(by offset: Int) -> Range<Int> { (lowerBound + offset)..<(upperBound + offset) }
}
