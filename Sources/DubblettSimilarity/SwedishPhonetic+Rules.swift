/// The SfinxBis rules over one word in a stack buffer (see `SwedishPhonetic` for the rule list).
extension SwedishPhonetic {
    /// Input bytes of one word that are read (longer words are truncated).
    static let _wordCapacity = 120

    // MARK: Letter classes (lower-case Latin-1)

    @inline(__always) static func _isHardVowel(_ c: UInt8) -> Bool {
        c == 0x61 || c == 0x6F || c == 0x75 || c == 0xE5  // a o u å
    }
    @inline(__always) static func _isSoftVowel(_ c: UInt8) -> Bool {
        c == 0x65 || c == 0x69 || c == 0x79 || c == 0xE4 || c == 0xF6  // e i y ä ö
    }
    @inline(__always) static func _isVowel(_ c: UInt8) -> Bool { _isHardVowel(c) || _isSoftVowel(c) }
    /// b c d f g h j k l m n p q r s t v w x z.
    @inline(__always) static func _isConsonant(_ c: UInt8) -> Bool {
        c >= 0x61 && c <= 0x7A && !(c == 0x61 || c == 0x65 || c == 0x69 || c == 0x6F || c == 0x75 || c == 0x79)
    }
    @inline(__always) static func _isKept(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || c == 0xE5 || c == 0xE4 || c == 0xF6
    }
    /// Lower-cases ASCII and Latin-1 capitals (not × 0xD7).
    @inline(__always) static func _lower(_ c: UInt8) -> UInt8 {
        if c >= 0x41 && c <= 0x5A { return c | 0x20 }
        if c >= 0xC0 && c <= 0xDE && c != 0xD7 { return c + 0x20 }
        return c
    }
    /// Word separators: space, hyphen and other ASCII punctuation or control bytes (not ':', for "s:t").
    @inline(__always) static func _isSeparator(_ c: UInt8) -> Bool { c <= 0x2F || c == 0x3B }

    /// w → v, z → s, æ → ä, ø → ö, ü → y, accented vowels → base vowel, ç → c, ñ → n.
    @inline(__always) static func _substitute(_ c: UInt8) -> UInt8 {
        switch c {
        case 0x77: return 0x76  // w → v
        case 0x7A: return 0x73  // z → s
        case 0xE6: return 0xE4  // æ → ä
        case 0xF8: return 0xF6  // ø → ö
        case 0xFC, 0xFD, 0xFF: return 0x79  // ü ý ÿ → y
        case 0xE0...0xE3: return 0x61  // à á â ã → a
        case 0xE8...0xEB: return 0x65  // è é ê ë → e
        case 0xEC...0xEF: return 0x69  // ì í î ï → i
        case 0xF2...0xF5: return 0x6F  // ò ó ô õ → o
        case 0xF9...0xFB: return 0x75  // ù ú û → u
        case 0xE7: return 0x63  // ç → c
        case 0xF1: return 0x6E  // ñ → n
        default: return c
        }
    }

    // MARK: Particles

    /// Whether `word` is a particle skipped as a separate word (af, von, de, la, …; las/los/dem/der only
    /// after another particle, as in "de los", "von der").
    static func _isParticle(_ word: UnsafeBufferPointer<UInt8>, afterParticle: Bool) -> Bool {
        var packed: UInt64 = 0
        if word.count > 3 { return false }
        for c in word { packed = packed << 8 | UInt64(_lower(c)) }
        @inline(__always) func p(_ s: StaticString) -> UInt64 {
            var v: UInt64 = 0
            for k in 0..<s.utf8CodeUnitCount { v = v << 8 | UInt64(s.utf8Start[k]) }
            return v
        }
        switch packed {
        case p("af"), p("av"), p("da"), p("de"), p("del"), p("den"), p("des"), p("di"), p("do"), p("don"),
             p("dos"), p("du"), p("e"), p("in"), p("la"), p("le"), p("mac"), p("mc"), p("van"), p("von"),
             p("y"), p("s:t"):
            return true
        case p("las"), p("los"), p("dem"), p("der"):
            return afterParticle
        default:
            return false
        }
    }

    /// Calls `body` with each word's code symbols (particles skipped unless the name is all particles);
    /// stops when `body` returns false.
    static func _forEachWordCode(_ name: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        // Pass 1: does the name have a letter-bearing word that is not a particle?
        var skipParticles = false
        var afterParticle = false
        _forEachWord(name) { word in
            let particle = _isParticle(word, afterParticle: afterParticle)
            afterParticle = particle
            if !particle && word.contains(where: { _isKept(_substitute(_lower($0))) || $0 >= 0xC0 }) {
                skipParticles = true
                return false
            }
            return true
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 3 * _wordCapacity + 8) { work in
            // x → ks can emit two symbols per letter: 6 × 120 + 8 bytes, still under the 1 KiB stack limit.
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 6 * _wordCapacity + 8) { code in
                afterParticle = false
                _forEachWord(name) { word in
                    let particle = _isParticle(word, afterParticle: afterParticle)
                    afterParticle = particle
                    if skipParticles && particle { return true }
                    let n = _encodeWord(word, work: work.baseAddress!, code: code.baseAddress!)
                    if n == 0 { return true }
                    return body(UnsafeBufferPointer(start: code.baseAddress!, count: n))
                }
            }
        }
    }

    /// Calls `body` for each run of non-separator bytes; stops when it returns false.
    @inline(__always)
    static func _forEachWord(_ name: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) {
        var i = 0
        let n = name.count
        while i < n {
            while i < n && _isSeparator(name[i]) { i += 1 }
            let start = i
            while i < n && !_isSeparator(name[i]) { i += 1 }
            if i > start && !body(UnsafeBufferPointer(rebasing: name[start..<i])) { return }
        }
    }

    /// Replaces every non-overlapping `pattern` (ASCII) by `replacement` (ASCII, not longer), left to right.
    @inline(__always)
    static func _replace(_ w: UnsafeMutablePointer<UInt8>, _ n: inout Int, _ pattern: StaticString,
                         _ replacement: StaticString) {
        let pl = pattern.utf8CodeUnitCount, rl = replacement.utf8CodeUnitCount
        let p = pattern.utf8Start, r = replacement.utf8Start
        var read = 0, write = 0
        while read < n {
            var hit = read + pl <= n
            if hit { for k in 0..<pl where w[read + k] != p[k] { hit = false; break } }
            if hit {
                for k in 0..<rl { w[write + k] = r[k] }
                write += rl
                read += pl
            } else {
                w[write] = w[read]
                write += 1
                read += 1
            }
        }
        n = write
    }

    /// Encodes one word into code symbols (first-sound symbol, then digit symbols); returns their count.
    static func _encodeWord(_ raw: UnsafeBufferPointer<UInt8>, work w: UnsafeMutablePointer<UInt8>,
                            code: UnsafeMutablePointer<UInt8>) -> Int {
        // Step 1: lower-case, ß → ss, ð → eth, þ → th.
        var n = 0
        for c in raw.prefix(_wordCapacity) {
            let l = _lower(c)
            switch l {
            case 0xDF: w[n] = 0x73; w[n + 1] = 0x73; n += 2
            case 0xF0: w[n] = 0x65; w[n + 1] = 0x74; w[n + 2] = 0x68; n += 3
            case 0xFE: w[n] = 0x74; w[n + 1] = 0x68; n += 2
            default: w[n] = l; n += 1
            }
        }
        // Step 2: collapse runs of one letter.
        var m = 0
        for i in 0..<n where m == 0 || w[i] != w[m - 1] { w[m] = w[i]; m += 1 }
        n = m
        // Step 3: swedify. stiern → stjärn (same length: i → j, e → ä).
        if n >= 6 {
            for i in 0...(n - 6) where w[i] == 0x73 && w[i + 1] == 0x74 && w[i + 2] == 0x69 && w[i + 3] == 0x65
                && w[i + 4] == 0x72 && w[i + 5] == 0x6E {
                w[i + 2] = 0x6A
                w[i + 3] = 0xE4
            }
        }
        _replace(w, &n, "hie", "hj")
        if n >= 3 {  // siö → sjö
            for i in 0...(n - 3) where w[i] == 0x73 && w[i + 1] == 0x69 && w[i + 2] == 0xF6 { w[i + 1] = 0x6A }
        }
        _replace(w, &n, "sch", "sh")
        _replace(w, &n, "qu", "kv")
        _replace(w, &n, "io", "jo")
        _replace(w, &n, "ph", "f")
        if n >= 2 {  // vowel + ü/y/i → vowel + j
            for i in 1..<n where _isVowel(w[i - 1]) && (w[i] == 0xFC || w[i] == 0x79 || w[i] == 0x69) { w[i] = 0x6A }
        }
        m = 0  // h before a consonant is dropped
        for i in 0..<n where !(w[i] == 0x68 && i + 1 < n && _isConsonant(w[i + 1])) { w[m] = w[i]; m += 1 }
        n = m
        // Substitutions, then keep only a–z, å, ä, ö.
        m = 0
        for i in 0..<n {
            let c = _substitute(w[i])
            if _isKept(c) { w[m] = c; m += 1 }
        }
        n = m
        if n == 0 { return 0 }
        // Step 4: the first sound.
        @inline(__always) func at(_ k: Int) -> UInt8 { k < n ? w[k] : 0 }
        let c0 = w[0], c1 = at(1), c2 = at(2)
        var first: UInt8, consumed = 1
        if _isVowel(c0) {
            first = 0x24
        } else if c1 == 0x6A && (c0 == 0x64 || c0 == 0x67 || c0 == 0x68 || c0 == 0x6C) {  // dj gj hj lj
            first = 0x6A; consumed = 2
        } else if c0 == 0x67 && _isSoftVowel(c1) {
            first = 0x6A
        } else if c0 == 0x71 {
            first = 0x6B
        } else if c0 == 0x63 && c1 == 0x68 && _isVowel(c2) {
            first = 0x23; consumed = 2
        } else if c0 == 0x63 && (_isHardVowel(c1) || _isConsonant(c1)) {
            first = 0x6B
        } else if c0 == 0x78 {
            first = 0x73
        } else if c0 == 0x63 && _isSoftVowel(c1) {
            first = 0x73
        } else if c0 == 0x73 && ((c1 == 0x6B && c2 == 0x6A) || (c1 == 0x74 && c2 == 0x6A) || (c1 == 0x63 && c2 == 0x68)) {
            first = 0x23; consumed = 3
        } else if (c0 == 0x73 && c1 == 0x68) || (c0 == 0x6B && c1 == 0x6A) || (c0 == 0x74 && c1 == 0x6A)
            || (c0 == 0x73 && c1 == 0x6A) {
            first = 0x23; consumed = 2
        } else if c0 == 0x73 && c1 == 0x6B && _isSoftVowel(c2) {
            first = 0x23; consumed = 2
        } else if c0 == 0x6B && _isSoftVowel(c1) {
            first = 0x23
        } else {
            first = c0
        }
        var count = 0
        code[count] = _letterSymbol(first); count += 1
        // Step 5: the rest as digits; collapse equal neighbours (9s included), then drop 9s.
        var last: UInt8 = 0
        @inline(__always) func emit(_ digit: UInt8) {
            if digit == last { return }
            last = digit
            if digit != 9 { code[count] = 31 + digit; count += 1 }
        }
        var i = consumed
        while i < n {
            let c = w[i]
            let next = at(i + 1)
            switch c {
            case 0x64 where next == 0x74: break  // dt → t
            case 0x78: emit(2); emit(8)  // x → ks
            case 0x63 where _isSoftVowel(next): emit(8)
            case 0x62, 0x70: emit(1)
            case 0x63, 0x67, 0x6A, 0x6B, 0x71: emit(2)
            case 0x64, 0x74: emit(3)
            case 0x6C: emit(4)
            case 0x6D, 0x6E: emit(5)
            case 0x72: emit(6)
            case 0x66, 0x76, 0x77: emit(7)
            case 0x73, 0x7A: emit(8)
            default: emit(9)  // vowels and h
            }
            i += 1
        }
        return count
    }
}
