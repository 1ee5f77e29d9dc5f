import Benchmark
import Dubblett
import DubblettDatasets
import Foundation

/// Reader benchmarks (budgets: newline scan ≥ 10 GB/s per core, parse + field index ≥ 500 MB/s per core).
///
/// Input: the file named by `DUBBLETT_REGISTER` if set (e.g. a 1 M-row register), otherwise a synthetic
/// Swedish register of 200 000 rows (~20 MB) built in memory: 10 columns, 5 % quoted addresses with a comma,
/// 7 % quoted notes with doubled quotes, 3 % quoted notes with a newline.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
                                           maxDuration: .seconds(3), maxIterations: 50)
    let input: MappedFile
    if let path = ProcessInfo.processInfo.environment["DUBBLETT_REGISTER"] {
        input = try! MappedFile.map(path: path)
    } else {
        input = syntheticRegister(rows: 200_000).withUnsafeBytes { MappedFile.copying($0) }
    }
    // One iteration = one pass over the whole input; GB/s = input bytes / wall time per iteration.
    print("ReaderBenchmarks input: \(input.count) bytes")
    Benchmark("Newline scan, whole input") { benchmark in
        for _ in benchmark.scaledIterations {
            let lines = ByteScan.count(.lf, in: input.bytes)
            precondition(lines > 0)
            blackHole(lines)
        }
    }
    // Parsing runs on Dispatch workers, whose own allocations vary by one or two: allow 5 %.
    let dispatchTolerance: [BenchmarkMetric: BenchmarkThresholds] = [.mallocCountTotal: .init(relative: [.p90: 5])]
    for workers in [1, 2] {
        Benchmark("Parse + field index, \(workers) worker(s)", configuration: .init(thresholds: dispatchTolerance)) {
            benchmark in
            for _ in benchmark.scaledIterations {
                let store = try! CSVReader.read(input: input, name: "bench", options: .init(workers: workers))
                precondition(store.rowCount > 0 && store.columns.count == 10)
                blackHole(store)
            }
        }
    }
}

/// A deterministic synthetic register (LCG, fixed seed).
func syntheticRegister(rows: Int) -> [UInt8] {
    var state: UInt64 = 42
    func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
    let first = ["Anna", "Eva", "Maria", "Karin", "Lars", "Mikael", "Anders", "Åsa", "Björn", "Örjan", "Göran"]
    let last = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Öberg", "Åkesson", "Ström", "Lindström"]
    let streets = ["Storgatan", "Kungsgatan", "Ängsvägen", "Björkvägen", "Östra Långgatan"]
    let cities = ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Örebro", "Umeå"]
    var text = "kundnr,förnamn,efternamn,personnummer,gatuadress,postnummer,postort,telefon,e-post,anteckning\n"
    for i in 1...rows {
        let f = first[next(first.count)]
        let l = last[next(last.count)]
        var street = "\(streets[next(streets.count)]) \(1 + next(120))"
        if next(100) < 5 { street = "\"\(street), lgh \(1001 + next(400))\"" }
        let r = next(100)
        let note = r < 90 ? "" : r < 97 ? "\"ring, \"\"kväll\"\"\"" : "\"flyttat\nny adress\""
        text += "\(i),\(f),\(l),19\(30 + next(70))0\(1 + next(9))1\(next(9))-\(1000 + next(9000)),\(street),"
        text += "\(100 + next(900)) \(10 + next(90)),\(cities[next(cities.count)]),07\(next(10))-\(100 + next(900)) "
        text += "\(10 + next(90)) \(10 + next(90)),\(f.lowercased()).\(l.lowercased())@exempel.se,\(note)\n"
    }
    return Array(text.utf8)
}
