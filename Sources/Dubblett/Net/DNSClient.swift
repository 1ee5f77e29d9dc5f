#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A minimal DNS client over UDP (RFC 1035): one question per query, sent to one resolver, answered
/// with the response code and what the answer section holds for the asked type.
///
/// It exists so that e-mail domains can be checked without the system resolver's configuration (tests
/// point it at a local dnsmasq) and without a dependency. It does not follow CNAME chains itself (the
/// recursive resolver does), does not retry over TCP (a truncated answer still says records exist), and
/// never logs: the caller decides what may be printed.
///
/// One client owns one connected socket; use one client per thread.
public final class DNSClient {
    /// A resolver address: IPv4 (`127.0.0.1`, `127.0.0.1:5353`) or IPv6 (`::1`, `[::1]:5353`); port 53 by default.
    public struct Server: Sendable, Equatable, CustomStringConvertible {
        public let host: String
        public let port: UInt16

        /// Parses `text`; nil when it is not a numeric IPv4 or IPv6 address with an optional port.
        public init?(_ text: String) {
            var host = text, port: UInt16 = 53
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]") else { return nil }
                host = String(text[text.index(after: text.startIndex)..<close])
                let rest = text[text.index(after: close)...]
                if !rest.isEmpty {
                    guard rest.hasPrefix(":"), let p = UInt16(rest.dropFirst()), p > 0 else { return nil }
                    port = p
                }
            } else if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") {
                host = String(text[..<colon])
                guard let p = UInt16(text[text.index(after: colon)...]), p > 0 else { return nil }
                port = p
            }
            var v4 = in_addr(), v6 = in6_addr()
            guard inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1 else { return nil }
            self.host = host
            self.port = port
        }

        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// The first `nameserver` of `/etc/resolv.conf`, else 127.0.0.1:53.
        public static func system(resolvConf path: String = "/etc/resolv.conf") -> Server {
            if let text = try? readText(path) {
                for line in text.split(separator: "\n") {
                    let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                    if words.count >= 2, words[0] == "nameserver", let s = Server(String(words[1])) { return s }
                }
            }
            return Server("127.0.0.1")!
        }

        static func readText(_ path: String) throws -> String {
            guard let f = fopen(path, "r") else { throw DNSError.socket(errno) }
            defer { fclose(f) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while bytes.count < 1 << 20 {
                let n = fread(&buffer, 1, buffer.count, f)
                if n <= 0 { break }
                bytes += buffer[0..<n]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Record types asked for.
    public enum RecordType: UInt16, Sendable {
        case a = 1, mx = 15, aaaa = 28
    }

    /// What a resolver answered.
    public struct Response: Sendable, Equatable {
        /// RCODE: 0 no error, 2 server failure, 3 name does not exist (NXDOMAIN), 5 refused.
        public var rcode: UInt8
        /// Answer records of the asked type.
        public var records: Int
        /// For MX: records whose exchange is the root (`.`), the "null MX" of RFC 7505 (no mail accepted).
        public var nullMX: Int
        /// The answer did not fit in one datagram (records of the type exist).
        public var truncated: Bool
    }

    /// Why a query got no usable answer.
    public enum DNSError: Error, Equatable {
        /// No answer within the timeout, after every attempt.
        case timeout
        /// The resolver's host said no one listens (ICMP port unreachable) or the network is unreachable.
        case unreachable
        /// A socket call failed with this errno.
        case socket(Int32)
        /// The name is not a valid DNS name (empty label, label over 63 bytes, name over 253 bytes).
        case badName
    }

    let server: Server
    let timeoutMilliseconds: Int32
    let attempts: Int
    var fd: Int32 = -1
    var nextID: UInt16

    /// A client for `server`; each query waits `timeoutMilliseconds` per attempt.
    public init(server: Server, timeoutMilliseconds: Int = 2_000, attempts: Int = 2) {
        self.server = server
        self.timeoutMilliseconds = Int32(clamping: max(1, timeoutMilliseconds))
        self.attempts = max(1, attempts)
        nextID = UInt16.random(in: 0...UInt16.max)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Opens and connects the socket (once).
    func open() throws(DNSError) {
        guard fd < 0 else { return }
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, server.host, &v4) == 1 {
            let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard s >= 0 else { throw .socket(errno) }
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = server.port.bigEndian
            a.sin_addr = v4
            let rc = withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard rc == 0 else {
                let e = errno
                close(s)
                throw e == ENETUNREACH || e == ECONNREFUSED ? .unreachable : .socket(e)
            }
            fd = s
        } else {
            guard inet_pton(AF_INET6, server.host, &v6) == 1 else { throw .badName }
            let s = socket(AF_INET6, Int32(SOCK_DGRAM.rawValue), 0)
            guard s >= 0 else { throw .socket(errno) }
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_port = server.port.bigEndian
            a.sin6_addr = v6
            let rc = withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(s, $0, socklen_t(MemoryLayout<sockaddr_in6>.size))
                }
            }
            guard rc == 0 else {
                let e = errno
                close(s)
                throw e == ENETUNREACH || e == ECONNREFUSED || e == EADDRNOTAVAIL ? .unreachable : .socket(e)
            }
            fd = s
        }
    }

    /// Asks for records of `type` at `name` (ASCII, lower case, no trailing dot).
    /// - Throws: `DNSError` when no usable answer arrived.
    public func query(_ name: [UInt8], type: RecordType) throws(DNSError) -> Response {
        let packet = try Self.encodeQuery(name, type: type, id: nextID)
        let id = nextID
        nextID &+= 1
        try open()
        var buffer = [UInt8](repeating: 0, count: 4096)
        var unreachable = false
        for _ in 0..<attempts {
            let sent = packet.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            if sent < 0 {
                if errno == ECONNREFUSED || errno == ENETUNREACH || errno == EHOSTUNREACH {
                    unreachable = true
                    continue
                }
                throw .socket(errno)
            }
            var waited: Int32 = 0
            while waited < timeoutMilliseconds {
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let start = Self.milliseconds()
                let ready = poll(&p, 1, timeoutMilliseconds - waited)
                waited += Int32(clamping: max(1, Self.milliseconds() - start))
                if ready < 0 {
                    if errno == EINTR { continue }
                    throw .socket(errno)
                }
                if ready == 0 { break }
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n < 0 {
                    if errno == ECONNREFUSED || errno == EHOSTUNREACH || errno == ENETUNREACH {
                        unreachable = true
                        break
                    }
                    if errno == EINTR || errno == EAGAIN { continue }
                    throw .socket(errno)
                }
                // A stray or late datagram (another id or question) is skipped; keep waiting.
                if let r = Self.parseResponse(buffer[0..<n], id: id, name: name, type: type) { return r }
            }
        }
        throw unreachable ? .unreachable : .timeout
    }

    static func milliseconds() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }

    /// The query datagram: header (recursion desired), one question of class IN.
    static func encodeQuery(_ name: [UInt8], type: RecordType, id: UInt16) throws(DNSError) -> [UInt8] {
        var p: [UInt8] = [UInt8(id >> 8), UInt8(id & 0xFF), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0]
        try appendName(name, to: &p)
        p += [UInt8(type.rawValue >> 8), UInt8(type.rawValue & 0xFF), 0, 1]
        return p
    }

    /// Appends `name` in label form (length-prefixed labels, then the root's 0).
    static func appendName(_ name: [UInt8], to p: inout [UInt8]) throws(DNSError) {
        guard !name.isEmpty, name.count <= 253 else { throw .badName }
        for label in name.split(separator: 0x2E, omittingEmptySubsequences: false) {
            guard !label.isEmpty, label.count <= 63 else { throw .badName }
            p.append(UInt8(label.count))
            p += label
        }
        p.append(0)
    }

    /// The response in `d` to query `id` for `name`/`type`; nil when it is not that response or is malformed.
    static func parseResponse(_ d: ArraySlice<UInt8>, id: UInt16, name: [UInt8], type: RecordType) -> Response? {
        let b = Array(d)
        guard b.count >= 12, UInt16(b[0]) << 8 | UInt16(b[1]) == id, b[2] & 0x80 != 0 else { return nil }
        let truncated = b[2] & 0x02 != 0
        let rcode = b[3] & 0x0F
        let qd = Int(b[4]) << 8 | Int(b[5]), an = Int(b[6]) << 8 | Int(b[7])
        guard qd == 1 else { return qd == 0 && rcode != 0 ? Response(rcode: rcode, records: 0, nullMX: 0, truncated: truncated) : nil }
        var question: [UInt8] = []
        do { try appendName(name, to: &question) } catch { return nil }
        var i = 12
        // The question must be ours (names compared case-insensitively).
        guard i + question.count + 4 <= b.count else { return truncated ? Response(rcode: rcode, records: 1, nullMX: 0, truncated: true) : nil }
        for k in 0..<question.count where lower(b[i + k]) != lower(question[k]) { return nil }
        i += question.count
        guard UInt16(b[i]) << 8 | UInt16(b[i + 1]) == type.rawValue else { return nil }
        i += 4
        var records = 0, nullMX = 0
        for _ in 0..<an {
            guard let after = skipName(b, i), after + 10 <= b.count else { break }
            let t = UInt16(b[after]) << 8 | UInt16(b[after + 1])
            let length = Int(b[after + 8]) << 8 | Int(b[after + 9])
            let data = after + 10
            guard data + length <= b.count else { break }
            if t == type.rawValue {
                records += 1
                // MX RDATA: preference (2 bytes), then the exchange; the root alone is a null MX.
                if type == .mx, length >= 3, b[data + 2] == 0 { nullMX += 1 }
            }
            i = data + length
        }
        return Response(rcode: rcode, records: records, nullMX: nullMX, truncated: truncated)
    }

    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }

    /// The index after the (possibly compressed) name at `i`, nil when malformed.
    static func skipName(_ b: [UInt8], _ start: Int) -> Int? {
        var i = start
        while i < b.count {
            let len = b[i]
            if len == 0 { return i + 1 }
            if len & 0xC0 == 0xC0 { return i + 2 <= b.count ? i + 2 : nil }
            guard len & 0xC0 == 0 else { return nil }
            i += 1 + Int(len)
        }
        return nil
    }
}
