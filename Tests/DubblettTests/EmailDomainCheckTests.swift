import Foundation
import Testing
@testable import Dubblett

#if canImport(Glibc)
import Glibc
#endif

/// A dnsmasq on 127.0.0.1 answering only from fixture records (`*.test`), on a free UDP port.
final class LocalDNS {
    let process = Process()
    let port: UInt16
    var server: DNSClient.Server { DNSClient.Server("127.0.0.1:\(port)")! }

    /// Starts dnsmasq and waits until it answers.
    /// - Throws: when dnsmasq is not installed (scripts/setup.sh installs dnsmasq-base) or does not answer.
    init() throws {
        port = try Self.freePort()
        let binary = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let binary else {
            throw CareError(message: "dnsmasq is not installed: run scripts/setup.sh (Debian package dnsmasq-base)")
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
            "--listen-address=127.0.0.1", "--bind-interfaces", "--port=\(port)", "--pid-file=",
            "--user=\(getuid() == 0 ? "root" : "")",
            "--local=/test/",
            "--mx-host=mail.test,mx.mail.test,10", "--host-record=mx.mail.test,127.0.0.3",
            "--host-record=aonly.test,127.0.0.2", "--host-record=v6only.test,::2",
            "--txt-record=nothing.test,no mail here",
        ].filter { $0 != "--user=" }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let client = DNSClient(server: server, timeoutMilliseconds: 100, attempts: 1)
        for _ in 0..<50 {
            if (try? client.query(Array("aonly.test".utf8), type: .a)) != nil { return }
            usleep(50_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        throw CareError(message: "dnsmasq did not answer on 127.0.0.1:\(port)")
    }

    deinit {
        // SIGKILL: dnsmasq started by Process may inherit a blocked SIGTERM, and waiting for it then hangs.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A UDP port nothing is bound to just now.
    static func freePort() throws -> UInt16 {
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(s) }
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(s, $0, length) == 0 && getsockname(s, $0, &length) == 0
            }
        }
        guard ok else { throw CareError(message: "no free UDP port on 127.0.0.1") }
        return UInt16(bigEndian: a.sin_port)
    }
}

/// A UDP socket on loopback that receives queries and never answers (a resolver that hangs).
final class SilentDNS {
    let fd: Int32
    let port: UInt16

    init() throws {
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        var a = sockaddr_in()
        a.sin_family = sa_family_t(AF_INET)
        a.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(s, $0, length) == 0 && getsockname(s, $0, &length) == 0
            }
        }
        fd = s
        guard ok else { throw CareError(message: "cannot bind a UDP socket on 127.0.0.1") }
        port = UInt16(bigEndian: a.sin_port)
    }

    deinit { close(fd) }

    /// Every datagram received so far.
    func received() -> [[UInt8]] {
        var out: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n <= 0 { return out }
            out.append(Array(buffer[0..<n]))
        }
    }
}

@Suite("E-mail domain check (DNS)", .serialized)
struct EmailDomainCheckTests {
    static func register(_ emails: [String]) throws -> RecordStore {
        let text = "kundnr,epost\n" + emails.enumerated().map { "\($0.offset + 1),\($0.element)" }.joined(separator: "\n")
            + "\n"
        return try CSVReader.read(bytes: Array(text.utf8), name: "kunder.csv", options: ReadOptions(workers: 1))
    }

    @Test func resolverAddressesParse() {
        #expect(DNSClient.Server("127.0.0.1") == DNSClient.Server("127.0.0.1:53"))
        #expect(DNSClient.Server("127.0.0.1:5353")?.port == 5353)
        #expect(DNSClient.Server("[::1]:5353")?.host == "::1")
        #expect(DNSClient.Server("::1")?.port == 53)
        for bad in ["", "localhost", "127.0.0.1:0", "127.0.0.1:70000", "[::1", "1.2.3"] {
            #expect(DNSClient.Server(bad) == nil, "\(bad)")
        }
    }

    @Test func disposableListMatchesDomainsAndSubdomainsOnly() {
        #expect(DisposableDomains.contains(Array("mailinator.com".utf8)))
        #expect(DisposableDomains.contains(Array("eu.yopmail.com".utf8)))
        #expect(!DisposableDomains.contains(Array("gmail.com".utf8)))
        #expect(!DisposableDomains.contains(Array("notmailinator.com".utf8)))
        #expect(DisposableDomains.list == DisposableDomains.list.sorted())
    }

    @Test func verdictsFollowMXThenAddressRecords() throws {
        let dns = try LocalDNS()
        let domains = ["mail.test", "aonly.test", "v6only.test", "nosuch.test", "nothing.test", "mailinator.com"]
        var options = EmailDomainCheck.Options(server: dns.server)
        options.timeoutMilliseconds = 1_000
        options.concurrency = 3
        let outcome = EmailDomainCheck.check(domains.map { Array($0.utf8) }, options: options)
        #expect(!outcome.offline)
        #expect(outcome.verdicts == [.receivesMail, .receivesMail, .receivesMail, .noMail, .noMail, .disposable])
        #expect(outcome.lookedUp == 5)
    }

    @Test func registerFindingsCountEachDomainOnceAndPrintNoDomain() throws {
        let dns = try LocalDNS()
        let store = try Self.register([
            "anna@mail.test", "Bo@MAIL.test", "cecilia@nosuch.test", "david@aonly.test", "eva@nosuch.test",
            "fredrik@yopmail.com", "inte-en-adress", "", "gustav@nothing.test",
        ])
        var result = RegisterValidator.validate(store, referenceDate: 2026_12_07, workers: 1)
        #expect(result.rowsWithFindings == 1)
        var options = EmailDomainCheck.Options(server: dns.server)
        options.timeoutMilliseconds = 1_000
        let report = RegisterValidator.checkDomains(store, &result, options: options)
        #expect(report.domains == 5)  // mail.test, nosuch.test, aonly.test, yopmail.com, nothing.test
        #expect(report.lookedUp == 4 && report.receivesMail == 2 && report.noMail == 2 && report.disposable == 1)
        #expect(!report.offline && report.unknown == 0)
        let column = result.columns[1]
        let noMail = column.findings.first { $0.reason == RegisterValidator.noMailReason }
        #expect(noMail?.count == 3 && noMail?.firstLines == [4, 6, 10] && noMail?.severity == .invalid)
        let disposable = column.findings.first { $0.reason == RegisterValidator.disposableReason }
        #expect(disposable?.count == 1 && disposable?.firstLines == [7] && disposable?.severity == .suspicious)
        #expect(result.rowsWithFindings == 5)
        let encoded = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        for domain in ["mail.test", "nosuch", "yopmail", "aonly", "anna"] { #expect(!encoded.contains(domain)) }
    }

    @Test func noResolverMeansOfflineAndNothingFlagged() throws {
        // A port on loopback with no one listening: the kernel answers "port unreachable" at once.
        let port = try LocalDNS.freePort()
        let store = try Self.register(["anna@mail.test", "bo@nosuch.test", "cecilia@mailinator.com"])
        var result = RegisterValidator.validate(store, referenceDate: 2026_12_07, workers: 1)
        var options = EmailDomainCheck.Options(server: DNSClient.Server("127.0.0.1:\(port)")!)
        options.timeoutMilliseconds = 200
        let report = RegisterValidator.checkDomains(store, &result, options: options)
        #expect(report.offline && report.lookedUp == 0 && report.noMail == 0)
        #expect(result.columns[1].findings.allSatisfy { $0.reason != RegisterValidator.noMailReason })
        // The disposable list needs no network.
        #expect(report.disposable == 1)
    }

    @Test func aResolverThatNeverAnswersTimesOutAndSeesOnlyDomains() throws {
        let silent = try SilentDNS()
        let store = try Self.register(["anna.andersson@mail.test", "bo.berg@other.test"])
        var result = RegisterValidator.validate(store, referenceDate: 2026_12_07, workers: 1)
        var options = EmailDomainCheck.Options(server: DNSClient.Server("127.0.0.1:\(silent.port)")!)
        options.timeoutMilliseconds = 100
        let started = ContinuousClock.now
        let report = RegisterValidator.checkDomains(store, &result, options: options)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(report.offline)
        let queries = silent.received()
        #expect(queries.count == 2)  // the first domain, two attempts; then it stopped
        for q in queries {
            let text = String(decoding: q.map { $0 < 32 ? 46 : $0 }, as: UTF8.self)
            #expect(text.contains("mail.test") && !text.contains("anna") && !text.contains("andersson"))
        }
    }
}
