import DubblettTestSupport
import Foundation
import Logging
import Testing

@testable import Dubblett
import DubblettDatasets

/// The public entry point: in-memory sources, progress events, cancellation, the result's API.
@Suite("Engine API")
struct EngineAPITests {
    static let header = ["kundnr", "förnamn", "efternamn", "gatuadress", "postnummer", "ort", "e-post"]
    static let rows = [
        ["17", "Anna", "Lindqvist", "Storgatan 12", "114 53", "Stockholm", "anna.lindqvist@example.se"],
        ["4", "Anna", "Lindkvist", "Storgatan 12", "114 53", "Stockholm", "anna.lindqvist@example.se"],
        ["9", "Bo", "Ek", "Skolgatan 3", "211 22", "Malmö", "bo.ek@example.se"],
        ["12", "Cecilia", "Holm", "Parkvägen 8", "753 20", "Uppsala", "cecilia.holm@example.se"],
    ]

    final class Events: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ProgressEvent] = []
        func add(_ e: ProgressEvent) { lock.lock(); items.append(e); lock.unlock() }
        var all: [ProgressEvent] { lock.lock(); defer { lock.unlock() }; return items }
    }

    /// A register big enough to train on: synthetic people written as CSV (no real person's data).
    static func syntheticCSV(people: Int, seed: UInt64) -> (header: [String], rows: [[String]]) {
        let bytes = try! RegisterGenerator(seed: seed).generateInMemory(rows: people).register
        let store = try! CSVReader.read(bytes: bytes, name: "generated.csv", options: ReadOptions(workers: 1))
        let header = store.columns.map(\.name)
        let rows = (0..<store.rowCount).map { r in header.indices.map { store.string(row: r, column: $0) } }
        return (header, rows)
    }

    @Test func inMemoryRecordsAreMatchedAndExplained() throws {
        var rows = Self.rows
        let extra = Self.syntheticCSV(people: 400, seed: 5)
        #expect(extra.header.count > 0)
        for (i, r) in extra.rows.enumerated() { rows.append(Self.map(r, from: extra.header.map { $0.lowercased() }, id: 1000 + i)) }
        let result = try Pipeline.run(.dedupe(InMemoryRecords(header: Self.header, rows: rows)))
        #expect(result.recordCount == rows.count)
        #expect(result.id(ofRecord: 0) == "17")
        #expect(result.clusterID(ofRecord: 0) == "4", "the smallest member id names the cluster")
        #expect(result.clusterID(ofRecord: 1) == "4")
        #expect(result.clusterSize(ofRecord: 0) == 2)
        #expect(result.clusterID(ofRecord: 2) == "9")
        let pair = try #require(result.pairs(.match).first { [$0.recordA, $0.recordB].sorted() == [0, 1] })
        let why = result.explanation(of: pair)
        #expect(why.map(\.field).contains("email"))
        let sum = why.reduce(0) { $0 + $1.weight } + result.model.priorWeight
        #expect(abs(sum - pair.weight) < 0.05, "field weights \(sum) vs pair weight \(pair.weight)")
    }

    /// Maps a synthetic row onto the example header (missing columns stay empty).
    static func map(_ row: [String], from header: [String], id: Int) -> [String] {
        func value(_ names: [String]) -> String {
            for n in names { if let i = header.firstIndex(of: n) { return row[i] } }
            return ""
        }
        return [
            String(id), value(["first_name", "förnamn"]), value(["last_name", "efternamn"]),
            value(["street", "gatuadress"]), value(["postal_code", "postnummer"]), value(["city", "ort"]),
            value(["email", "e-post"]),
        ]
    }

    @Test func aRowOfTheWrongWidthIsAClearError() throws {
        #expect(throws: InMemoryRecordsError.self) {
            _ = try Pipeline.run(.dedupe(InMemoryRecords(header: Self.header, rows: [["1", "Anna"]])))
        }
    }

    @Test(arguments: [ProgressEvent.Stage.features, .blocking, .compare, .train, .score, .cluster])
    func cancellingInAnyStageStopsTheRun(_ stage: ProgressEvent.Stage) throws {
        let data = Self.syntheticCSV(people: 600, seed: 6)
        let token = CancellationToken()
        let events = Events()
        let context = RunContext(workers: 2, cancellation: token) { event in
            events.add(event)
            if event.stage == stage { token.cancel() }
        }
        do {
            _ = try Pipeline.run(.dedupe(InMemoryRecords(header: data.header, rows: data.rows)), context: context)
            Issue.record("the run finished although it was cancelled in \(stage)")
        } catch let e as RunCancelled {
            #expect(e.stage == stage.rawValue)
        }
        #expect(!events.all.contains { Self.order($0.stage) > Self.order(stage) }, "a later stage started")
    }

    static func order(_ s: ProgressEvent.Stage) -> Int { ProgressEvent.Stage.allCases.firstIndex(of: s)! }

    @Test func progressEventsComeInStageOrderAndCarryNoValues() throws {
        let data = Self.syntheticCSV(people: 500, seed: 7)
        let events = Events()
        let logs = LogRecorder()
        var logger = Logger(label: "test", factory: { _ in logs })
        logger.logLevel = .trace
        let context = RunContext(workers: 2, logger: logger) { events.add($0) }
        _ = try Pipeline.run(.dedupe(InMemoryRecords(header: data.header, rows: data.rows)), context: context)
        let stages = events.all.map { Self.order($0.stage) }
        #expect(stages == stages.sorted(), "events out of stage order")
        #expect(Set(events.all.map(\.stage)) == Set(ProgressEvent.Stage.allCases.filter { $0 != .write }))
        let text = events.all.compactMap(\.detail).joined(separator: "\n") + logs.text
        #expect(!logs.text.isEmpty)
        for row in data.rows.prefix(100) {
            for value in row where value.count >= 6 && value.contains(where: \.isLetter) {
                #expect(!text.contains(value), "a field value reached progress or logs")
            }
        }
    }
}

/// A log handler that keeps every message and its metadata as text.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lock.lock()
        lines.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
        lock.unlock()
    }
    var text: String { lock.lock(); defer { lock.unlock() }; return lines.joined(separator: "\n") }
}
