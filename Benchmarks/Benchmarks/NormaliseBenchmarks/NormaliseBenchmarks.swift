import Benchmark
import Dubblett
import DubblettDatasets

/// Normalising every field of a typical Swedish customer record (budget: ≥ 1 M records/s per core,
/// zero allocations per field). One iteration normalises `recordCount` records on one thread.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           maxDuration: .seconds(3))
    let corpus = RecordCorpus(count: 4096, seed: 0x0D0B_B1E7)

    // One inner iteration = one record, so wall clock is per record and throughput is records/s.
    Benchmark("Normalise all fields of a record", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var scratch = [UInt8](repeating: 0, count: 4096)
        corpus.bytes.withUnsafeBytes { raw in
            scratch.withUnsafeMutableBufferPointer { out in
                var acc = 0
                for i in benchmark.scaledIterations { acc &+= corpus.normaliseRecord(i % corpus.count, raw, out) }
                precondition(acc > 0)
                blackHole(acc)
            }
        }
    }

    Benchmark("Names exact + folded (first + last)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        var scratch = [UInt8](repeating: 0, count: 512)
        corpus.bytes.withUnsafeBytes { raw in
            scratch.withUnsafeMutableBufferPointer { out in
                var acc = 0
                for i in benchmark.scaledIterations {
                    let r = i % corpus.count
                    let first = corpus.field(r, 0, raw)
                    acc &+= NameNormaliser.normalise(first, into: out, folded: false)
                    acc &+= NameNormaliser.normalise(first, into: out, folded: true)
                    let last = corpus.field(r, 1, raw)
                    acc &+= NameNormaliser.normalise(last, into: out, folded: false)
                    acc &+= NameNormaliser.normalise(last, into: out, folded: true)
                }
                precondition(acc > 0)
                blackHole(acc)
            }
        }
    }

    Benchmark("Personnummer + phone + postal code + date", configuration: .init(scalingFactor: .kilo)) { benchmark in
        corpus.bytes.withUnsafeBytes { raw in
            var acc: Int64 = 0
            for i in benchmark.scaledIterations {
                let r = i % corpus.count
                if case .valid(let c, _) = Personnummer.parse(corpus.field(r, 2, raw), referenceDate: 2026_11_23) {
                    acc &+= c
                }
                if case .valid(let e, _) = PhoneNumber.parse(corpus.field(r, 3, raw)) { acc &+= e }
                if case .valid(let p) = PostalCode.parse(corpus.field(r, 4, raw)) { acc &+= Int64(p) }
                if case .valid(let d) = DateParser.parse(corpus.field(r, 7, raw), referenceDate: 2026_11_23) {
                    acc &+= Int64(d)
                }
            }
            precondition(acc > 0)
            blackHole(acc)
        }
    }

    // One iteration = all 8 columns of 4096 records through the parallel column API on one worker.
    Benchmark("ColumnNormaliser 8 columns, 1 worker", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let c = corpus
        for _ in benchmark.scaledIterations {
            let n = c.count
            let first = ColumnNormaliser.names(count: n, folded: true, workers: 1) { c.unsafeField($0, 0) }
            let last = ColumnNormaliser.names(count: n, folded: true, workers: 1) { c.unsafeField($0, 1) }
            let pnr = ColumnNormaliser.personnummer(count: n, referenceDate: 2026_11_23, workers: 1) {
                c.unsafeField($0, 2)
            }
            let phone = ColumnNormaliser.phones(count: n, workers: 1) { c.unsafeField($0, 3) }
            let post = ColumnNormaliser.postalCodes(count: n, workers: 1) { c.unsafeField($0, 4) }
            let street = ColumnNormaliser.streets(count: n, folded: true, workers: 1) { c.unsafeField($0, 5) }
            let email = ColumnNormaliser.emails(count: n, workers: 1) { c.unsafeField($0, 6) }
            let date = ColumnNormaliser.dates(count: n, referenceDate: 2026_11_23, workers: 1) { c.unsafeField($0, 7) }
            precondition(first.count == n && last.count == n && pnr.values.count == n && phone.values.count == n)
            blackHole((post, street, email, date))
        }
    }
}

/// A deterministic corpus of typical Swedish records: 8 fields each, Swedish spellings and some noise.
final class RecordCorpus: @unchecked Sendable {
    static let fields = 8
    let count: Int
    let bytes: [UInt8]
    let offsets: [Int]  // count * fields + 1

    init(count: Int, seed: UInt64) {
        let firsts = ["Anna", "Åsa", "Karl-Johan", "Erik", "Maria", "Per", "Björn", "Anna-Karin", "Lars", "Émile",
                      "Sven", "Ingrid", "Mohammed", "Zoë", "Kristina", "Gösta"]
        let lasts = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Öberg", "Bäckström", "Lindqvist",
                     "Jonsson-Blomqvist", "von Essen", "Sjögren", "Åkesson", "Müller", "Eriksson", "Lundén"]
        let streets = ["Storgatan 12B", "Storg. 12 b lgh 1101", "Kungsvägen 3", "S:t Eriksgatan 117, 2 tr",
                       "Drottninggatan 5 lgh 1203", "Box 1234", "Ö:a Långgatan 2A", "Ringvägen 44-46"]
        let domains = ["gmail.com", "hotmail.se", "telia.com", "gmial.com", "foretag.se"]
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(n))
        }
        func luhn(_ nine: Int) -> Int {
            var sum = 0
            var v = nine
            var two = true
            for _ in 0..<9 {
                let p = (v % 10) * (two ? 2 : 1)
                sum += p > 9 ? p - 9 : p
                v /= 10
                two.toggle()
            }
            return (10 - sum % 10) % 10
        }
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var b = [UInt8]()
        var o = [0]
        for _ in 0..<count {
            let first = firsts[next(firsts.count)]
            let last = lasts[next(lasts.count)]
            let year = 1930 + next(90)
            let month = 1 + next(12)
            let day = 1 + next(28)
            let birth = 1 + next(999)
            let yymmdd = (year % 100) * 10_000 + month * 100 + day
            let check = luhn(yymmdd * 1_000 + birth)
            let pnr = next(2) == 0
                ? "\(pad(yymmdd, 6))-\(pad(birth, 3))\(check)"
                : "\(year)\(pad(month * 100 + day, 4))\(pad(birth, 3))\(check)"
            let mobile = "07\([0, 2, 3, 6, 9][next(5)])-\(pad(next(1000), 3)) \(pad(next(100), 2)) \(pad(next(100), 2))"
            let phone = next(3) == 0 ? "+46 " + mobile.dropFirst() : mobile
            let postal = "\(100 + next(900)) \(pad(next(100), 2))"
            let email = "\(first.lowercased()).\(last.lowercased())@\(domains[next(domains.count)])"
            let date = "\(year)-\(pad(month, 2))-\(pad(day, 2))"
            for f in [first, last, pnr, phone, postal, streets[next(streets.count)], email, date] {
                b += Array(f.utf8)
                o.append(b.count)
            }
        }
        self.count = count
        bytes = b
        offsets = o
    }

    @inline(__always)
    func field(_ record: Int, _ column: Int, _ raw: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let k = record * RecordCorpus.fields + column
        return UnsafeRawBufferPointer(rebasing: raw[offsets[k]..<offsets[k + 1]])
    }

    /// For the column API: the array is immutable for the corpus's lifetime, so its storage is stable.
    func unsafeField(_ record: Int, _ column: Int) -> UnsafeRawBufferPointer {
        bytes.withUnsafeBytes { field(record, column, $0) }
    }

    /// Normalises all fields of one record, as the feature builder would; returns a checksum.
    @inline(__always)
    func normaliseRecord(_ r: Int, _ raw: UnsafeRawBufferPointer, _ out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var acc = 0
        let first = field(r, 0, raw)
        let last = field(r, 1, raw)
        acc &+= NameNormaliser.normalise(first, into: out, folded: false)
        acc &+= NameNormaliser.normalise(first, into: out, folded: true)
        acc &+= NameNormaliser.normalise(last, into: out, folded: false)
        acc &+= NameNormaliser.normalise(last, into: out, folded: true)
        if case .valid(let c, _) = Personnummer.parse(field(r, 2, raw), referenceDate: 2026_11_23) {
            acc &+= Int(c & 0xFF)
        }
        if case .valid(let e, _) = PhoneNumber.parse(field(r, 3, raw)) { acc &+= Int(e & 0xFF) }
        if case .valid(let p) = PostalCode.parse(field(r, 4, raw)) { acc &+= Int(p) }
        acc &+= StreetAddress.parse(field(r, 5, raw), into: out, folded: true).nameLength
        if case .valid(let n) = EmailAddress.normalise(field(r, 6, raw), into: out) { acc &+= n }
        if case .valid(let d) = DateParser.parse(field(r, 7, raw), referenceDate: 2026_11_23) { acc &+= Int(d) }
        return acc
    }
}
