/// The Double Metaphone rules (Philips 2000), letter by letter, over an upper-cased, space-padded buffer.
struct _Encoder {
    var primary = _MetaphoneCode()
    var alternate = _MetaphoneCode()
    var w: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 8)!
    var n = 0

    /// Byte at `i`: 0 before the start, a space past the end (padding).
    @inline(__always) func at(_ i: Int) -> UInt8 { i < 0 ? 0 : w[i] }

    @inline(__always) func isVowel(_ i: Int) -> Bool {
        let c = at(i)
        return c == 0x41 || c == 0x45 || c == 0x49 || c == 0x4F || c == 0x55 || c == 0x59
    }

    /// Whether any of the `|`-separated `options` starts at `start`.
    func has(_ start: Int, _ options: StaticString) -> Bool {
        if start < 0 { return false }
        let o = options.utf8Start, count = options.utf8CodeUnitCount
        var k = 0
        while k < count {
            var end = k
            while end < count && o[end] != 0x7C { end += 1 }
            var match = start + (end - k) <= n + DoubleMetaphone._padding
            if match { for q in k..<end where w[start + q - k] != o[q] { match = false; break } }
            if match { return true }
            k = end + 1
        }
        return false
    }

    @inline(__always) mutating func add(_ both: StaticString) { primary.add(both); alternate.add(both) }
    @inline(__always) mutating func add(_ main: StaticString, _ alt: StaticString) { primary.add(main); alternate.add(alt) }

    mutating func run(_ word: UnsafePointer<UInt8>, count: Int) {
        w = word
        n = count
        if n == 0 { return }
        let last = n - 1
        let slavoGermanic = _contains("W") || _contains("K") || _contains("CZ") || _contains("WITZ")
        var current = 0
        if has(0, "GN|KN|PN|WR|PS") { current += 1 }
        if at(0) == 0x58 { add("S"); current += 1 }  // initial X → S (Xavier)
        while (primary.count < 4 || alternate.count < 4) && current < n {
            let c = at(current)
            switch c {
            case 0x41, 0x45, 0x49, 0x4F, 0x55, 0x59:
                if current == 0 { add("A") }
                current += 1
            case 0x42:  // B
                add("P")
                current += at(current + 1) == 0x42 ? 2 : 1
            case 0xC7:  // Ç
                add("S")
                current += 1
            case 0x43:  // C
                current = _c(current)
            case 0x44:  // D
                if has(current, "DG") {
                    if has(current + 2, "I|E|Y") { add("J"); current += 3 } else { add("TK"); current += 2 }
                } else {
                    add("T")
                    current += has(current, "DT|DD") ? 2 : 1
                }
            case 0x46:  // F
                add("F")
                current += at(current + 1) == 0x46 ? 2 : 1
            case 0x47:  // G
                current = _g(current, slavoGermanic: slavoGermanic)
            case 0x48:  // H: only between vowels or at the start before a vowel
                if (current == 0 || isVowel(current - 1)) && isVowel(current + 1) { add("H"); current += 2 } else { current += 1 }
            case 0x4A:  // J
                if has(current, "JOSE") || has(0, "SAN ") {
                    if (current == 0 && at(current + 4) == 0x20) || has(0, "SAN ") { add("H") } else { add("J", "H") }
                    current += 1
                    break
                }
                if current == 0 && !has(current, "JOSE") {
                    add("J", "A")
                } else if isVowel(current - 1) && !slavoGermanic && (at(current + 1) == 0x41 || at(current + 1) == 0x4F) {
                    add("J", "H")
                } else if current == last {
                    add("J", "")
                } else if !has(current + 1, "L|T|K|S|N|M|B|Z") && !has(current - 1, "S|K|L") {
                    add("J")
                }
                current += at(current + 1) == 0x4A ? 2 : 1
            case 0x4B:  // K
                add("K")
                current += at(current + 1) == 0x4B ? 2 : 1
            case 0x4C:  // L
                if at(current + 1) == 0x4C {
                    if (current == n - 3 && has(current - 1, "ILLO|ILLA|ALLE"))
                        || ((has(last - 1, "AS|OS") || has(last, "A|O")) && has(current - 1, "ALLE")) {
                        add("L", "")
                        current += 2
                        break
                    }
                    current += 2
                } else {
                    current += 1
                }
                add("L")
            case 0x4D:  // M
                if (has(current - 1, "UMB") && (current + 1 == last || has(current + 2, "ER"))) || at(current + 1) == 0x4D {
                    current += 2
                } else {
                    current += 1
                }
                add("M")
            case 0x4E:  // N
                add("N")
                current += at(current + 1) == 0x4E ? 2 : 1
            case 0xD1:  // Ñ
                add("N")
                current += 1
            case 0x50:  // P
                if at(current + 1) == 0x48 { add("F"); current += 2; break }
                add("P")
                current += has(current + 1, "P|B") ? 2 : 1
            case 0x51:  // Q
                add("K")
                current += at(current + 1) == 0x51 ? 2 : 1
            case 0x52:  // R: French final -ier silent in the primary
                if current == last && !slavoGermanic && has(current - 2, "IE") && !has(current - 4, "ME|MA") {
                    add("", "R")
                } else {
                    add("R")
                }
                current += at(current + 1) == 0x52 ? 2 : 1
            case 0x53:  // S
                current = _s(current, last: last, slavoGermanic: slavoGermanic)
            case 0x54:  // T
                if has(current, "TION") { add("X"); current += 3; break }
                if has(current, "TIA|TCH") { add("X"); current += 3; break }
                if has(current, "TH|TTH") {
                    if has(current + 2, "OM|AM") || has(0, "VAN |VON |SCH") { add("T") } else { add("0", "T") }
                    current += 2
                    break
                }
                add("T")
                current += has(current + 1, "T|D") ? 2 : 1
            case 0x56:  // V
                add("F")
                current += at(current + 1) == 0x56 ? 2 : 1
            case 0x57:  // W
                if has(current, "WR") { add("R"); current += 2; break }
                if current == 0 && (isVowel(current + 1) || has(current, "WH")) {
                    if isVowel(current + 1) { add("A", "F") } else { add("A") }
                }
                if (current == last && isVowel(current - 1)) || has(current - 1, "EWSKI|EWSKY|OWSKI|OWSKY")
                    || has(0, "SCH") {
                    add("", "F")
                    current += 1
                    break
                }
                if has(current, "WICZ|WITZ") { add("TS", "FX"); current += 4; break }
                current += 1
            case 0x58:  // X: silent in French endings
                if !(current == last && (has(current - 3, "IAU|EAU") || has(current - 2, "AU|OU"))) { add("KS") }
                current += has(current + 1, "C|X") ? 2 : 1
            case 0x5A:  // Z
                if at(current + 1) == 0x48 { add("J"); current += 2; break }
                if has(current + 1, "ZO|ZI|ZA") || (slavoGermanic && current > 0 && at(current - 1) != 0x54) {
                    add("S", "TS")
                } else {
                    add("S")
                }
                current += at(current + 1) == 0x5A ? 2 : 1
            default:
                current += 1
            }
        }
    }

    func _contains(_ s: StaticString) -> Bool {
        let k = s.utf8CodeUnitCount
        if k > n { return false }
        for i in 0...(n - k) where has(i, s) { return true }
        return false
    }

    /// C: Germanic -ach-, Caesar, Chianti, ch in its Greek/Germanic/English readings, Polish cz, Italian
    /// cc/ci, then k/s.
    mutating func _c(_ current: Int) -> Int {
        if current > 1 && !isVowel(current - 2) && has(current - 1, "ACH") && at(current + 2) != 0x49
            && (at(current + 2) != 0x45 || has(current - 2, "BACHER|MACHER")) {
            add("K")
            return current + 2
        }
        if current == 0 && has(current, "CAESAR") { add("S"); return current + 2 }
        if has(current, "CHIA") { add("K"); return current + 2 }
        if has(current, "CH") {
            if current > 0 && has(current, "CHAE") { add("K", "X"); return current + 2 }
            if current == 0 && (has(current + 1, "HARAC|HARIS|HOR|HYM|HIA|HEM")) && !has(0, "CHORE") {
                add("K")
                return current + 2
            }
            if has(0, "VAN |VON |SCH") || has(current - 2, "ORCHES|ARCHIT|ORCHID") || has(current + 2, "T|S")
                || ((has(current - 1, "A|O|U|E") || current == 0) && has(current + 2, "L|R|N|M|B|H|F|V|W| ")) {
                add("K")
            } else if current > 0 {
                if has(0, "MC") { add("K") } else { add("X", "K") }
            } else {
                add("X")
            }
            return current + 2
        }
        if has(current, "CZ") && !has(current - 2, "WICZ") { add("S", "X"); return current + 2 }
        if has(current + 1, "CIA") { add("X"); return current + 3 }
        if has(current, "CC") && !(current == 1 && at(0) == 0x4D) {
            if has(current + 2, "I|E|H") && !has(current + 2, "HU") {
                if (current == 1 && at(current - 1) == 0x41) || has(current - 1, "UCCEE|UCCES") { add("KS") } else { add("X") }
                return current + 3
            }
            add("K")
            return current + 2
        }
        if has(current, "CK|CG|CQ") { add("K"); return current + 2 }
        if has(current, "CI|CE|CY") {
            if has(current, "CIO|CIE|CIA") { add("S", "X") } else { add("S") }
            return current + 2
        }
        add("K")
        if has(current + 1, " C| Q| G") { return current + 3 }
        if has(current + 1, "C|K|Q") && !has(current + 1, "CE|CI") { return current + 2 }
        return current + 1
    }

    /// G: gh, gn, gli, initial ge/gi, -ger-/-gy, soft g before e/i/y, then k.
    mutating func _g(_ current: Int, slavoGermanic: Bool) -> Int {
        if at(current + 1) == 0x48 {
            if current > 0 && !isVowel(current - 1) { add("K"); return current + 2 }
            if current == 0 {
                if at(current + 2) == 0x49 { add("J") } else { add("K") }
                return current + 2
            }
            if (current > 1 && has(current - 2, "B|H|D")) || (current > 2 && has(current - 3, "B|H|D"))
                || (current > 3 && has(current - 4, "B|H")) {
                return current + 2
            }
            if current > 2 && at(current - 1) == 0x55 && has(current - 3, "C|G|L|R|T") {
                add("F")
            } else if current > 0 && at(current - 1) != 0x49 {
                add("K")
            }
            return current + 2
        }
        if at(current + 1) == 0x4E {
            if current == 1 && isVowel(0) && !slavoGermanic {
                add("KN", "N")
            } else if !has(current + 2, "EY") && at(current + 1) != 0x59 && !slavoGermanic {
                add("N", "KN")
            } else {
                add("KN")
            }
            return current + 2
        }
        if has(current + 1, "LI") && !slavoGermanic { add("KL", "L"); return current + 2 }
        if current == 0 && (at(current + 1) == 0x59 || has(current + 1, "ES|EP|EB|EL|EY|IB|IL|IN|IE|EI|ER")) {
            add("K", "J")
            return current + 2
        }
        if (has(current + 1, "ER") || at(current + 1) == 0x59) && !has(0, "DANGER|RANGER|MANGER")
            && !has(current - 1, "E|I") && !has(current - 1, "RGY|OGY") {
            add("K", "J")
            return current + 2
        }
        if has(current + 1, "E|I|Y") || has(current - 1, "AGGI|OGGI") {
            if has(0, "VAN |VON |SCH") || has(current + 1, "ET") {
                add("K")
            } else if has(current + 1, "IER ") {
                add("J")
            } else {
                add("J", "K")
            }
            return current + 2
        }
        add("K")
        return current + (at(current + 1) == 0x47 ? 2 : 1)
    }

    /// S: -isl-, sugar, sh, -sio-/-sia-, initial sm/sn/sl/sw and sz, sch/sc, French final -ais/-ois.
    mutating func _s(_ current: Int, last: Int, slavoGermanic: Bool) -> Int {
        if has(current - 1, "ISL|YSL") { return current + 1 }
        if current == 0 && has(current, "SUGAR") { add("X", "S"); return current + 1 }
        if has(current, "SH") {
            if has(current + 1, "HEIM|HOEK|HOLM|HOLZ") { add("S") } else { add("X") }
            return current + 2
        }
        if has(current, "SIO|SIA|SIAN") {
            if !slavoGermanic { add("S", "X") } else { add("S") }
            return current + 3
        }
        if (current == 0 && has(current + 1, "M|N|L|W")) || has(current + 1, "Z") {
            add("S", "X")
            return current + (has(current + 1, "Z") ? 2 : 1)
        }
        if has(current, "SC") {
            if at(current + 2) == 0x48 {
                if has(current + 3, "OO|ER|EN|UY|ED|EM") {
                    if has(current + 3, "ER|EN") { add("X", "SK") } else { add("SK") }
                    return current + 3
                }
                if current == 0 && !isVowel(3) && at(3) != 0x57 { add("X", "S") } else { add("X") }
                return current + 3
            }
            if has(current + 2, "I|E|Y") { add("S"); return current + 3 }
            add("SK")
            return current + 3
        }
        if current == last && has(current - 2, "AI|OI") { add("", "S") } else { add("S") }
        return current + (has(current + 1, "S|Z") ? 2 : 1)
    }
}
