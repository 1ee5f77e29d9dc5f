// Deduplicates records a program holds in memory through Dubblett's public API, with progress events
// and cancellation from another thread. Run by scripts/test.sh:
//
//   swift run InMemoryDedupe                       # 3,000 made-up customers, in memory
//   swift run -c release InMemoryDedupe FILE.csv --cancel-after 500
//                                                  # a register on disk, cancelled after 500 ms
//
// Exit status: 0 when the run ends as expected (finished, or cancelled when asked to be), 1 otherwise.
import Dispatch
import Dubblett
import Foundation
import Synchronization

/// A few thousand customers with planted duplicates (typos, a moved address, a nickname), in memory.
func madeUpCustomers(count: Int) -> (header: [String], rows: [[String]], duplicates: Int) {
    let first = ["Anna", "Erik", "Karin", "Lars", "Maria", "Johan", "Eva", "Per", "Sara", "Nils", "Ingrid", "Olof"]
    let last = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Lind"]
    let streets = ["Storgatan", "Kungsvägen", "Ringvägen", "Skolgatan", "Parkvägen", "Järnvägsgatan"]
    let towns = [("114 53", "Stockholm"), ("411 05", "Göteborg"), ("211 22", "Malmö"), ("753 20", "Uppsala")]
    var state: UInt64 = 2026
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let header = ["kundnr", "förnamn", "efternamn", "gatuadress", "postnummer", "ort", "telefon", "e-post"]
    var rows: [[String]] = []
    var duplicates = 0
    while rows.count < count {
        let f = first[next(first.count)], l = last[next(last.count)]
        let (zip, town) = towns[next(towns.count)]
        let phone = "070-\(100 + next(900)) \(10 + next(90)) \(10 + next(90))"
        let person = [
            String(rows.count + 1), f, l, "\(streets[next(streets.count)]) \(1 + next(60))", zip, town, phone,
            "\(f.lowercased()).\(l.lowercased())\(next(1000))@example.se",
        ]
        rows.append(person)
        if next(5) == 0 && rows.count < count {  // a duplicate: same person, a typo in the surname
            var twin = person
            twin[0] = String(rows.count + 1)
            twin[2] = String(l.dropLast()) + (l.hasSuffix("n") ? "m" : "n")
            rows.append(twin)
            duplicates += 1
        }
    }
    return (header, rows, duplicates)
}

var arguments = Array(CommandLine.arguments.dropFirst())
var cancelAfter: Int?
if let i = arguments.firstIndex(of: "--cancel-after"), i + 1 < arguments.count, let ms = Int(arguments[i + 1]) {
    cancelAfter = ms
    arguments.removeSubrange(i...(i + 1))
}

let source: any RecordSource
var planted = 0
if let path = arguments.first {
    source = CSVFile(path: path)
} else {
    let customers = madeUpCustomers(count: 3000)
    planted = customers.duplicates
    source = InMemoryRecords(header: customers.header, rows: customers.rows)
}

// Progress: one line per finished stage (events also report the work done so far).
let token = CancellationToken()
let context = RunContext(workers: 2, cancellation: token) { event in
    if event.done == event.total, event.total > 0 { print("  \(event.stage.rawValue): done \(event.total)") }
}

// Cancellation from another thread, timed from the moment `cancel()` is called.
let cancelledAt = Atomic<UInt64>(0)
if let cancelAfter {
    DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(cancelAfter)) {
        cancelledAt.store(DispatchTime.now().uptimeNanoseconds, ordering: .relaxed)
        token.cancel()
    }
}

print("deduplicating \(source.name)")
do {
    let result = try Pipeline.run(.dedupe(source), context: context)
    let clusters = result.clusters()
    print("\(result.recordCount) records, \(clusters.count) clusters of 2 or more (\(planted) duplicates planted)")
    if let cluster = clusters.first,
        let pair = result.pairs(.match).first(where: { cluster.records.contains($0.recordA) })
    {
        print("cluster \(cluster.id): records \(cluster.records.map { result.id(ofRecord: $0) })")
        let why = result.explanation(of: pair).map { "\($0.field) \($0.level) \(String(format: "%+.1f", $0.weight))" }
        print("why \(result.id(ofRecord: pair.recordA)) ~ \(result.id(ofRecord: pair.recordB)): "
              + why.joined(separator: ", "))
    }
    if cancelAfter != nil {
        print("the run finished before it was cancelled")
    } else if planted > 0 && clusters.count < planted * 9 / 10 {
        print("error: expected about \(planted) clusters")
        exit(1)
    }
} catch let error as RunCancelled {
    let latency = Double(DispatchTime.now().uptimeNanoseconds - cancelledAt.load(ordering: .relaxed)) / 1e6
    print("cancelled: \(error); returned \(String(format: "%.0f", latency)) ms after cancel()")
    exit(cancelAfter == nil ? 1 : 0)
}
