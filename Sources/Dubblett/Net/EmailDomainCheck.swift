import Foundation

/// Whether e-mail domains can receive mail, looked up in DNS (`dubblett validate --check-domains`).
///
/// ### Rules (RFC 5321 §5.1, RFC 7505)
/// - A domain on the built-in disposable list (`DisposableDomains`) is flagged disposable and not looked up.
/// - The MX records are asked for. MX records that are not all "null MX" (exchange `.`): the domain receives
///   mail. Only null MX: it says it accepts none. The name does not exist (NXDOMAIN): no mail.
/// - No MX record: the domain's A, then AAAA, records are the implicit mail server; none: no mail.
/// - A server failure, a refusal or no answer after the retries: unknown (not flagged).
///
/// Each distinct domain is looked up once, by at most `concurrency` threads at a time, each query waiting
/// `timeoutMilliseconds` per attempt. When the resolver does not answer the first lookup at all (no
/// network, no resolver), nothing is checked and `offline` says so. Domains are never printed or logged,
/// and local parts never leave the register.
public enum EmailDomainCheck {
    /// What was found for one domain.
    public enum Verdict: UInt8, Sendable, Codable {
        /// MX, or A/AAAA without MX.
        case receivesMail
        /// NXDOMAIN, a null MX, or no MX, A and AAAA record.
        case noMail
        /// On the built-in disposable list.
        case disposable
        /// The resolver failed, refused or did not answer.
        case unknown
    }

    /// Where and how to look up.
    public struct Options: Sendable {
        public var server: DNSClient.Server
        public var timeoutMilliseconds = 2_000
        public var attempts = 2
        public var concurrency = 16

        public init(server: DNSClient.Server) { self.server = server }
    }

    /// The verdicts of a list of domains.
    public struct Outcome: Sendable {
        /// One verdict per domain, in the order given (all `.unknown` when offline, except disposable ones).
        public var verdicts: [Verdict]
        /// The resolver did not answer the first lookup: no domain was looked up.
        public var offline = false
        /// Domains looked up in DNS (the disposable ones are not).
        public var lookedUp = 0
        public var seconds = 0.0
    }

    /// Looks up every domain (lower case ASCII or IDNA `xn--` form, no trailing dot).
    public static func check(_ domains: [[UInt8]], options: Options) -> Outcome {
        let start = ContinuousClock.now
        var verdicts = [Verdict](repeating: .unknown, count: domains.count)
        var pending: [Int] = []
        for (i, d) in domains.enumerated() {
            if DisposableDomains.contains(d) { verdicts[i] = .disposable } else { pending.append(i) }
        }
        var outcome = Outcome(verdicts: verdicts)
        guard let first = pending.first else { return outcome }
        // The first lookup alone: when no resolver answers it, stop instead of waiting for every domain.
        let probe = DNSClient(server: options.server, timeoutMilliseconds: options.timeoutMilliseconds,
                              attempts: options.attempts)
        switch verdict(domains[first], client: probe) {
        case .success(let v):
            verdicts[first] = v
        case .failure(let e) where e == .timeout || e == .unreachable || isNetworkError(e):
            outcome.offline = true
            outcome.seconds = elapsed(since: start)
            return outcome
        case .failure:
            verdicts[first] = .unknown
        }
        let rest = Array(pending.dropFirst())
        let threads = max(1, min(options.concurrency, rest.count))
        let counter = Counter()
        verdicts.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            let group = DispatchGroup()
            for _ in 0..<threads {
                group.enter()
                let thread = Thread {
                    let client = DNSClient(server: options.server, timeoutMilliseconds: options.timeoutMilliseconds,
                                           attempts: options.attempts)
                    while true {
                        let k = counter.take()
                        guard k < rest.count else { break }
                        let i = rest[k]
                        if case .success(let v) = verdict(domains[i], client: client) { shared.value[i] = v }
                    }
                    group.leave()
                }
                thread.stackSize = 1 << 20
                thread.start()
            }
            group.wait()
        }
        outcome.verdicts = verdicts
        outcome.lookedUp = pending.count
        outcome.seconds = elapsed(since: start)
        return outcome
    }

    /// The next index to look up, shared by the lookup threads.
    final class Counter: @unchecked Sendable {
        let lock = NSLock()
        var next = 0

        func take() -> Int {
            lock.lock()
            defer { lock.unlock() }
            next += 1
            return next - 1
        }
    }

    static func isNetworkError(_ e: DNSClient.DNSError) -> Bool {
        if case .socket(let code) = e { return code == ENETUNREACH || code == EHOSTUNREACH || code == EADDRNOTAVAIL }
        return false
    }

    static func elapsed(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// The verdict of one domain from `client`; a failure when the resolver gave no usable answer.
    public static func verdict(_ domain: [UInt8], client: DNSClient) -> Result<Verdict, DNSClient.DNSError> {
        do throws(DNSClient.DNSError) {
            let mx = try client.query(domain, type: .mx)
            if mx.rcode == 3 { return .success(.noMail) }
            guard mx.rcode == 0 else { return .success(.unknown) }
            if mx.records > 0 || mx.truncated { return .success(mx.nullMX == mx.records && !mx.truncated ? .noMail : .receivesMail) }
            for type in [DNSClient.RecordType.a, .aaaa] {
                let r = try client.query(domain, type: type)
                if r.rcode == 3 { return .success(.noMail) }
                guard r.rcode == 0 else { return .success(.unknown) }
                if r.records > 0 || r.truncated { return .success(.receivesMail) }
            }
            return .success(.noMail)
        } catch .badName {
            return .success(.noMail)
        } catch {
            return .failure(error)
        }
    }
}
