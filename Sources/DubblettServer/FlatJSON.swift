/// A strict reader for the small, flat JSON bodies of the hot routes (`/match`): one object of known keys
/// whose values are strings, numbers or one object of strings.
///
/// It is a fast path only. It answers `nil` for anything it does not fully understand (a syntax error, an
/// unknown or repeated key, `null`, a nested value, invalid UTF-8), and the caller then decodes the body
/// the ordinary way, with `JSONSyntax` positions and `Decodable` messages. So whatever it accepts means
/// exactly what `JSONDecoder` would read, and every error still comes from one place. Foundation's
/// decoder costs about a tenth of a `/match` request on Linux (generic metadata and boxing per key).
struct FlatJSON {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var at = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private mutating func skipSpace() {
        while at < bytes.count {
            switch bytes[at] {
            case 0x20, 0x09, 0x0A, 0x0D: at += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after white space) and says whether it was there.
    mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard at < bytes.count, bytes[at] == byte else { return false }
        at += 1
        return true
    }

    /// Whether only white space is left.
    mutating func atEnd() -> Bool {
        skipSpace()
        return at == bytes.count
    }

    /// A JSON string, unescaped; nil when there is none or it is not valid.
    mutating func string() -> String? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = at
        var plain = true
        while at < bytes.count {
            let b = bytes[at]
            if b == UInt8(ascii: "\"") {
                if plain {
                    let s = String(validating: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
                    at += 1
                    return s
                }
                break
            }
            if b < 0x20 { return nil }
            if b == UInt8(ascii: "\\") { plain = false; at += 2; continue }
            at += 1
        }
        guard !plain else { return nil }
        // Escapes: decode again from the start.
        at = start
        var out: [UInt8] = []
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            switch b {
            case UInt8(ascii: "\""): return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard at < bytes.count else { return nil }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u")
                        else { return nil }
                        at += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        return nil
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: String(Character(u)).utf8)
                default: return nil
                }
            default:
                if b < 0x20 { return nil }
                out.append(b)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[at]
            at += 1
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = v << 4 | UInt32(b - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = v << 4 | UInt32(b - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): v = v << 4 | UInt32(b - UInt8(ascii: "A") + 10)
            default: return nil
            }
        }
        return v
    }

    /// A JSON number by the grammar (`-? int frac? exp?`); nil otherwise.
    mutating func number() -> Double? {
        skipSpace()
        let start = at
        func digits() -> Int {
            let from = at
            while at < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[at]) { at += 1 }
            return at - from
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "-") { at += 1 }
        let intStart = at
        let n = digits()
        guard n > 0, n == 1 || bytes[intStart] != UInt8(ascii: "0") else { return nil }
        if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
            at += 1
            guard digits() > 0 else { return nil }
        }
        if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
            at += 1
            if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard digits() > 0 else { return nil }
        }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self))
    }

    /// An integer written without fraction or exponent; nil otherwise.
    mutating func integer() -> Int? {
        skipSpace()
        let start = at
        guard let d = number(), d == d.rounded(), abs(d) < 1e15 else { return nil }
        for i in start..<at where bytes[i] == UInt8(ascii: ".") || bytes[i] | 0x20 == UInt8(ascii: "e") { return nil }
        return Int(d)
    }

    /// An object of string values (no repeated key); nil otherwise.
    mutating func stringObject() -> [String: String]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var out: [String: String] = [:]
        if take(UInt8(ascii: "}")) { return out }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), let value = string(), out[key] == nil else {
                return nil
            }
            out[key] = value
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}")) ? out : nil
    }

    /// Reads a top-level object, handing each key to `field`, which reads the value and says whether it
    /// understood it. Nil when a key repeats, `field` refuses one, or anything follows the object.
    static func object(_ bytes: UnsafeBufferPointer<UInt8>, _ field: (String, inout FlatJSON) -> Bool) -> Bool {
        var reader = FlatJSON(bytes)
        guard reader.take(UInt8(ascii: "{")) else { return false }
        var seen: Set<String> = []
        if !reader.take(UInt8(ascii: "}")) {
            repeat {
                guard let key = reader.string(), reader.take(UInt8(ascii: ":")), seen.insert(key).inserted,
                    field(key, &reader)
                else { return false }
            } while reader.take(UInt8(ascii: ","))
            guard reader.take(UInt8(ascii: "}")) else { return false }
        }
        return reader.atEnd()
    }
}
