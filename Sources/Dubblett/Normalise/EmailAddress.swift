/// Why an e-mail field was rejected.
public enum EmailProblem: UInt8, Sendable, CaseIterable, Hashable {
    /// No `@`, or more than one.
    case missingAt
    /// Empty, over-long (> 64) or malformed local part (leading/trailing/double dot, forbidden character).
    case badLocalPart
    /// Empty or malformed domain: no dot, empty label, label starting or ending with `-`, bad character,
    /// or a top-level domain that is not at least two letters.
    case badDomain
    /// White space inside the address, or longer than 254 bytes.
    case malformed
    /// A letter outside ASCII before the `@` (`åsa@…`): allowed by RFC 6531 but refused by most mail
    /// servers, and usually a typing mistake for the ASCII spelling.
    case nonASCIILocalPart

    /// A short English reason for reports.
    public var reason: String {
        switch self {
        case .missingAt: "no single @"
        case .badLocalPart: "malformed part before @"
        case .badDomain: "malformed domain"
        case .malformed: "spaces inside or too long"
        case .nonASCIILocalPart: "non-ASCII letter before @"
        }
    }
}

/// The outcome of normalising one e-mail field.
public enum EmailResult: Sendable, Hashable {
    /// A syntactically valid address; `length` bytes were written.
    case valid(length: Int)
    /// Syntactically valid, but the domain is one edit away from a big provider's domain (`gmial.com`)
    /// or a big provider's name under the wrong top-level domain (`gmail.se`). `suggestion` indexes
    /// `EmailAddress.providers`.
    case suspectedTypo(length: Int, suggestion: Int)
    /// A non-empty field that is not an address.
    case invalid(EmailProblem)
    /// Empty or white space only.
    case empty
}

/// E-mail addresses: trim, lower-case, check syntax (no network), flag provider typos.
///
/// Normal form: surrounding white space, `<…>` and a `mailto:` prefix removed, then the **whole**
/// address lower-cased. RFC 5321 lets the local part be case-sensitive, but no large provider treats it
/// so and registers spell the same address in mixed case, so for matching the local part is folded too.
/// Syntax is the practical subset of RFC 5322 dot-atoms: local part of ASCII letters, digits and
/// ``!#$%&'*+-/=?^_`{|}~`` with single inner dots, at most 64 bytes; domain of LDH labels (UTF-8 letters
/// allowed for IDN), at least one dot, a top-level domain of two or more letters; at most 254 bytes.
/// - Complexity: O(n); no allocation. `out.count >= input.count` always suffices.
public enum EmailAddress {
    /// Domains of large providers used in Sweden; a domain one edit away from one of these is suspect.
    public static let providers: [StaticString] = [
        "gmail.com", "hotmail.com", "hotmail.se", "outlook.com", "yahoo.com", "yahoo.se", "icloud.com",
        "live.se", "live.com", "telia.com", "bredband.net", "comhem.se", "msn.com", "me.com", "spray.se",
        "googlemail.com", "aol.com", "gmx.com", "mail.com", "tele2.se", "bahnhof.se", "protonmail.com",
        "proton.me", "outlook.se", "home.se", "passagen.se", "glocalnet.net",
    ]

    /// Provider names whose other top-level domains are suspect, with the suggestion index.
    static let wrongTLD: [(StaticString, Int)] = [("gmail.", 0), ("hotmail.", 1), ("outlook.", 3), ("icloud.", 6)]

    /// Normalises `input` into `out`.
    public static func normalise(
        _ input: UnsafeRawBufferPointer, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> EmailResult {
        var range = NormaliseSupport.trimmed(input)
        if range.isEmpty { return .empty }
        // Strip <…> and mailto:
        if input[range.lowerBound] == 0x3C && input[range.upperBound - 1] == 0x3E && range.count >= 2 {
            range = (range.lowerBound + 1)..<(range.upperBound - 1)
        }
        if range.count > 7 && hasPrefixMailto(input, at: range.lowerBound) {
            range = (range.lowerBound + 7)..<range.upperBound
        }
        if range.isEmpty { return .invalid(.missingAt) }
        if range.count > 254 || range.count > out.count { return .invalid(.malformed) }
        var n = 0
        var at = -1
        for i in range {
            var b = input[i]
            if b &- 0x41 < 26 { b |= 0x20 }
            if NormaliseSupport.isSpace(b) { return .invalid(.malformed) }
            if b == .at {
                if at >= 0 { return .invalid(.missingAt) }
                at = n
            }
            out[n] = b
            n += 1
        }
        guard at >= 0 else { return .invalid(.missingAt) }
        // Local part.
        guard at > 0, at <= 64, out[0] != .period, out[at - 1] != .period else { return .invalid(.badLocalPart) }
        var previous: UInt8 = 0
        for j in 0..<at {
            let b = out[j]
            if b == .period && previous == .period { return .invalid(.badLocalPart) }
            if b >= 0x80 { return .invalid(.nonASCIILocalPart) }
            if !isAtext(b) && b != .period { return .invalid(.badLocalPart) }
            previous = b
        }
        // Domain.
        let domainStart = at + 1
        guard domainStart < n else { return .invalid(.badDomain) }
        var labelStart = domainStart
        var dots = 0
        var tldLetters = true
        for j in domainStart...n {
            let b: UInt8 = j < n ? out[j] : .period
            if b == .period {
                let labelLength = j - labelStart
                if labelLength == 0 || labelLength > 63 { return .invalid(.badDomain) }
                if out[labelStart] == .hyphen || out[j - 1] == .hyphen { return .invalid(.badDomain) }
                if j < n { dots += 1; labelStart = j + 1; tldLetters = true }
                continue
            }
            let isLetter = b &- 0x61 < 26 || b >= 0x80
            if !(isLetter || b.isASCIIDigit || b == .hyphen) { return .invalid(.badDomain) }
            if !isLetter { tldLetters = false }
        }
        guard dots >= 1, tldLetters, n - labelStart >= 2 else { return .invalid(.badDomain) }
        let domain = UnsafeBufferPointer(rebasing: out[domainStart..<n])
        if let suggestion = typoSuggestion(domain) { return .suspectedTypo(length: n, suggestion: suggestion) }
        return .valid(length: n)
    }

    /// Convenience form for tests and cold paths: the normalised address and the result.
    public static func normalise(_ s: String) -> (String, EmailResult) {
        var bytes = Array(s.utf8)
        var out = [UInt8](repeating: 0, count: bytes.count)
        let result = bytes.withUnsafeMutableBytes { raw in
            out.withUnsafeMutableBufferPointer { normalise(UnsafeRawBufferPointer(raw), into: $0) }
        }
        switch result {
        case .valid(let n), .suspectedTypo(let n, _): return (String(decoding: out[..<n], as: UTF8.self), result)
        default: return ("", result)
        }
    }

    @inline(__always)
    static func hasPrefixMailto(_ input: UnsafeRawBufferPointer, at i: Int) -> Bool {
        let m: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0x6D, 0x61, 0x69, 0x6C, 0x74, 0x6F, 0x3A)
        return input[i] | 0x20 == m.0 && input[i + 1] | 0x20 == m.1 && input[i + 2] | 0x20 == m.2
            && input[i + 3] | 0x20 == m.3 && input[i + 4] | 0x20 == m.4 && input[i + 5] | 0x20 == m.5
            && input[i + 6] == m.6
    }

    /// RFC 5322 `atext` (lower-cased input): letters, digits and ``!#$%&'*+-/=?^_`{|}~``.
    @inline(__always)
    static func isAtext(_ b: UInt8) -> Bool {
        if b &- 0x61 < 26 || b.isASCIIDigit { return true }
        switch b {
        case 0x21, 0x23, 0x24, 0x25, 0x26, 0x27, 0x2A, 0x2B, 0x2D, 0x2F, 0x3D, 0x3F, 0x5E, 0x5F, 0x60, 0x7B, 0x7C,
             0x7D, 0x7E: return true
        default: return false
        }
    }

    /// The index of the provider domain this domain is probably a typo of, or nil.
    ///
    /// Suspect when the domain is not itself a listed provider and either (a) is within one edit
    /// (insert, delete, substitute, swap of neighbours) of a listed domain of 8+ bytes, or (b) is
    /// `gmail.` / `hotmail.` / `outlook.` with a top-level domain the provider does not use.
    static func typoSuggestion(_ domain: UnsafeBufferPointer<UInt8>) -> Int? {
        var closest: Int?
        for (k, provider) in providers.enumerated() {
            let p = UnsafeBufferPointer(start: provider.utf8Start, count: provider.utf8CodeUnitCount)
            if p.elementsEqual(domain) { return nil }
            if closest == nil && p.count >= 8 && withinOneEdit(domain, p) { closest = k }
        }
        if closest != nil { return closest }
        // Right name, wrong top-level domain (gmail.se, hotmail.nu, gmail.co).
        for (prefix, suggestion) in wrongTLD {
            let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            if domain.count > p.count && domain.prefix(p.count).elementsEqual(p) { return suggestion }
        }
        return nil
    }

    /// Whether `a` and `b` differ by at most one insertion, deletion, substitution or adjacent swap.
    /// - Complexity: O(n).
    static func withinOneEdit(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        if abs(a.count - b.count) > 1 { return false }
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        if i == a.count && i == b.count { return true }
        func tailEqual(_ x: Int, _ y: Int) -> Bool {
            x <= a.count && y <= b.count && a.count - x == b.count - y
                && UnsafeBufferPointer(rebasing: a[x...]).elementsEqual(UnsafeBufferPointer(rebasing: b[y...]))
        }
        if a.count == b.count {
            if tailEqual(i + 1, i + 1) { return true }
            return i + 1 < a.count && a[i] == b[i + 1] && a[i + 1] == b[i] && tailEqual(i + 2, i + 2)
        }
        return a.count > b.count ? tailEqual(i + 1, i) : tailEqual(i, i + 1)
    }
}
