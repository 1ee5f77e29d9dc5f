import Dubblett
import DubblettEvaluation
import Foundation

/// A result directory cannot be reported on; the message names the directory and says what to do.
public struct ReportError: Error, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The directory does not exist (exit 66).
        case missing
        /// It holds none of a result's files (exit 65).
        case notAResult
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }
}

extension ReportData {
    /// What `load(directory:options:)` reads besides the result's own files.
    public struct LoadOptions: Sendable {
        /// A truth file (`id,entity_id`): adds the threshold curve of the listed pairs.
        public var truthPath: String?
        /// A `dubblett validate --json` report: per-column findings (a run's summary may hold them too).
        public var validationPath: String?
        /// Worker threads for reading the CSV files.
        public var workers: Int
        /// Most explained pairs (at most `ReportData.exampleLimit`).
        public var examples: Int

        public init(
            truthPath: String? = nil, validationPath: String? = nil, workers: Int = Parallel.defaultWorkers,
            examples: Int = ReportData.exampleLimit
        ) {
            self.truthPath = truthPath
            self.validationPath = validationPath
            self.workers = workers
            self.examples = min(examples, ReportData.exampleLimit)
        }
    }

    /// The files a dedupe or link result directory may hold.
    public static let resultFiles = ["summary.json", "clusters.csv", "links.csv", "pairs.csv", "review.csv", "splits.csv"]

    /// The run summary as `dedupe` and `link` write it (every part optional, so older files still load).
    struct SummaryFile: Decodable {
        var input: String?
        var report: RunReport?
        var truth: EvaluationReport?
        var validation: Validation?
    }

    /// Reads what a `dedupe` or `link` result directory holds into a report; a file that is missing is
    /// listed in `missing`, one that cannot be read in `notes`, and the rest is still reported.
    ///
    /// Pair files are read with the engine's CSV reader and aggregated on the fly: weights are parsed
    /// from bytes, rules matched as bytes, and only `examples` pairs are kept whole.
    /// - Throws: `ReportError` when `directory` does not exist or holds none of `resultFiles`; `ReadError`
    ///   and `EvaluationFileError` for an unusable truth file; `DecodingError` for an unreadable
    ///   validation file.
    /// - Complexity: O(bytes of the result files); memory: the mapped files plus 5 bytes per listed pair.
    public static func load(directory: String, options: LoadOptions = LoadOptions()) throws -> ReportData {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ReportError(
                kind: .missing,
                message: "\(directory) is not a directory; give the --out directory of a dedupe or link run")
        }
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let present = Set(resultFiles.filter { fm.fileExists(atPath: dir + "/" + $0) })
        guard !present.isEmpty else {
            throw ReportError(
                kind: .notAResult,
                message: "\(directory) holds none of a result's files (\(resultFiles.joined(separator: ", "))); give "
                    + "the --out directory of a dedupe or link run")
        }
        var data = ReportData()
        data.kind = present.contains("links.csv") ? .link : .dedupe
        let required = data.kind == .link
            ? ["summary.json", "links.csv", "pairs.csv", "review.csv"]
            : ["summary.json", "clusters.csv", "pairs.csv", "review.csv", "splits.csv"]
        data.missing = required.filter { !present.contains($0) }

        if present.contains("summary.json") {
            do {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))
                let summary = try JSONDecoder().decode(SummaryFile.self, from: bytes)
                data.input = summary.input
                data.run = summary.report
                data.truth = summary.truth
                data.validation = summary.validation
                if summary.report?.linkedRecords != nil { data.kind = .link }
            } catch {
                data.notes.append("summary.json could not be read (\(Self.reason(error))); counts, the model and "
                    + "blocking are missing")
            }
        }
        if let path = options.validationPath {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            data.validation = try JSONDecoder().decode(Validation.self, from: bytes)
        }
        let readOptions = Self.readOptions(workers: options.workers)
        if present.contains("clusters.csv") {
            data.clusterSizes = Self.clusterSizes(dir + "/clusters.csv", readOptions, notes: &data.notes)
        }
        if present.contains("splits.csv") {
            data.splitsByReason = Self.splits(dir + "/splits.csv", readOptions, notes: &data.notes)
        }
        var pairs = PairScan(
            matchThreshold: data.run?.matchThreshold, ruleNames: data.run?.blocking.rules.map(\.name) ?? [],
            exampleLimit: options.examples)
        if let truth = options.truthPath { pairs.truth = try TruthLookup(path: truth, workers: options.workers) }
        for (file, decision) in [("pairs.csv", MatchResult.Decision.match), ("review.csv", .review)]
        where present.contains(file) {
            pairs.scan(dir + "/" + file, decision, readOptions, notes: &data.notes)
        }
        data.matchPairs = pairs.counts[0]
        data.reviewPairs = pairs.counts[1]
        data.examples = pairs.examples()
        data.rules = pairs.ruleCounts(blocking: data.run?.blocking)
        if let h = data.run?.weightHistogram {
            data.weights = h
            data.weightsIncludeNonMatches = true
        } else if !pairs.weights.isEmpty {
            data.weights = WeightHistogram(
                weights: pairs.weights, reviewThreshold: data.run?.reviewThreshold ?? -.infinity,
                matchThreshold: data.run?.matchThreshold ?? pairs.lowestMatch)
        }
        if let truth = pairs.truth {
            data.curve = sweep(
                pairs.weights, isTrue: pairs.isTrue, totalTruePairs: truth.truePairs,
                thresholds: curveGrid(pairs.weights, from: data.run?.reviewThreshold))
        }
        return data
    }

    /// Quarter-point steps from the review threshold (or the lowest weight) to just above the highest
    /// weight, at most 241 points.
    static func curveGrid(_ weights: [Float], from review: Double?) -> [Double] {
        let finite = weights.lazy.filter(\.isFinite)
        guard let hi = finite.max().map(Double.init), let lo = review ?? finite.min().map(Double.init) else {
            return [0]
        }
        let low = (max(lo, -60) * 4).rounded(.down) / 4, high = min(hi, 60)
        let step = max(0.25, ((high - low) / 240 * 4).rounded(.up) / 4)
        return ThresholdSweep.grid(from: low, to: low + step * ((high - low) / step).rounded(.up), steps: max(1, Int(((high - low) / step).rounded(.up))))
    }

    /// `ThresholdSweep` at evenly spaced `thresholds` in O(pairs + thresholds): each pair is counted at the
    /// highest threshold it reaches, then counts are summed from the top (no sort of the pairs).
    static func sweep(_ weights: [Float], isTrue: [Bool], totalTruePairs: Int, thresholds: [Double]) -> ThresholdSweep {
        var sweep = ThresholdSweep(scores: [], isTrue: [], totalTruePairs: totalTruePairs, thresholds: [])
        guard let low = thresholds.first, thresholds.count >= 2 else { return sweep }
        let step = (thresholds[thresholds.count - 1] - low) / Double(thresholds.count - 1)
        var taken = [Int](repeating: 0, count: thresholds.count), hits = taken
        for (i, w) in weights.enumerated() {
            var k = Int(((Double(w) - low) / step).rounded(.down))
            if k < 0 { continue }
            k = min(k, thresholds.count - 1)
            // Guard against rounding at a bin edge: the pair must reach threshold k and not k + 1.
            while k > 0 && Double(w) < thresholds[k] { k -= 1 }
            while k + 1 < thresholds.count && Double(w) >= thresholds[k + 1] { k += 1 }
            if Double(w) < thresholds[k] { continue }
            taken[k] += 1
            if isTrue[i] { hits[k] += 1 }
        }
        var n = 0, tp = 0
        var points: [ThresholdSweep.Point] = []
        for k in thresholds.indices.reversed() {
            n += taken[k]
            tp += hits[k]
            let p = n == 0 ? 1.0 : Double(tp) / Double(n)
            let r = totalTruePairs == 0 ? 1.0 : Double(tp) / Double(totalTruePairs)
            points.append(.init(
                threshold: thresholds[k], predictedPairs: n, truePositives: tp, precision: p, recall: r,
                f1: p + r == 0 ? 0 : 2 * p * r / (p + r)))
        }
        sweep.points = points.reversed()
        return sweep
    }

    static func readOptions(workers: Int) -> ReadOptions {
        var o = ReadOptions(workers: max(1, min(workers, Parallel.maxWorkers)))
        o.delimiter = .comma
        o.inferRoles = false
        return o
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? DecodingError {
            switch e {
            case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
                let path = c.codingPath.map(\.stringValue).joined(separator: ".")
                return (path.isEmpty ? "" : path + ": ") + c.debugDescription
            @unknown default: return "\(e)"
            }
        }
        return "\(error)"
    }

    /// Clusters per size from `clusters.csv` (`cluster_size` per record: a cluster of size s has s rows).
    static func clusterSizes(_ path: String, _ options: ReadOptions, notes: inout [String]) -> [Int: Int]? {
        do {
            let store = try CSVReader.read(path: path, options: options)
            guard let c = store.column(named: "cluster_size") else {
                notes.append("clusters.csv has no cluster_size column; the cluster sizes are missing")
                return nil
            }
            var rowsOfSize: [Int: Int] = [:]
            var bad = 0
            for row in 0..<store.rowCount {
                guard let s = ByteNumber.int(store.field(row: row, column: c)), s >= 1 else {
                    bad += 1
                    continue
                }
                rowsOfSize[s, default: 0] += 1
            }
            if bad > 0 { notes.append("clusters.csv: \(bad) rows without a usable cluster_size were left out") }
            return rowsOfSize.reduce(into: [:]) { $0[$1.key] = ($1.value + $1.key - 1) / $1.key }
        } catch {
            notes.append("clusters.csv could not be read (\(error)); the cluster sizes are missing")
            return nil
        }
    }

    /// Refused links per reason from `splits.csv`.
    static func splits(_ path: String, _ options: ReadOptions, notes: inout [String]) -> [String: Int]? {
        do {
            let store = try CSVReader.read(path: path, options: options)
            guard let c = store.column(named: "reason") else {
                notes.append("splits.csv has no reason column; refused links are missing")
                return nil
            }
            var out: [String: Int] = [:]
            for row in 0..<store.rowCount { out[store.string(row: row, column: c), default: 0] += 1 }
            return out
        } catch {
            notes.append("splits.csv could not be read (\(error)); refused links are missing")
            return nil
        }
    }
}

/// The truth as a table from id to entity, for telling true pairs by their two ids.
///
/// Ids and entities are kept as XXH3-64 hashes of their bytes in one open-addressing table (no `String`,
/// no byte comparison on lookup): two different ids share a hash with probability about n²/2⁶⁵ (3 · 10⁻⁸
/// for a million ids), which at worst moves one pair of a chart. A repeated id keeps its first entity,
/// as `Evaluation` does.
struct TruthLookup {
    private var keys: [UInt64]
    private var entities: [UInt64]
    private let mask: Int
    /// Pairs of distinct ids with the same entity (the recall denominator of the whole truth).
    private(set) var truePairs = 0

    init(path: String, workers: Int) throws {
        var options = ReadOptions(workers: max(1, min(workers, Parallel.maxWorkers)))
        options.inferRoles = false
        let store = try CSVReader.read(path: path, options: options)
        let (idColumn, entityColumn) = try Evaluation.truthColumns(store, path: path)
        var size = 16
        while size < store.rowCount * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        entities = keys
        mask = size - 1
        var entityOfId: [UInt64] = []
        entityOfId.reserveCapacity(store.rowCount)
        for row in 0..<store.rowCount {
            let e = XXH3.hash(store.field(row: row, column: entityColumn), seed: 0x656E_7469)
            if insert(Self.key(store.field(row: row, column: idColumn)), e) { entityOfId.append(e) }
        }
        entityOfId.sort()
        var pairs = 0, run = 0
        for i in entityOfId.indices {
            run = i > 0 && entityOfId[i] == entityOfId[i - 1] ? run + 1 : 0
            pairs += run
        }
        truePairs = pairs
    }

    /// The table key of an id: its hash, never 0 (0 marks an empty slot).
    static func key(_ id: UnsafeRawBufferPointer) -> UInt64 { max(1, XXH3.hash(id, seed: 0x6964_7321)) }

    /// Adds `key → entity` unless the key is there; returns whether it was added.
    private mutating func insert(_ key: UInt64, _ entity: UInt64) -> Bool {
        var i = Int(truncatingIfNeeded: key) & mask
        while keys[i] != 0 {
            if keys[i] == key { return false }
            i = (i + 1) & mask
        }
        keys[i] = key
        entities[i] = entity
        return true
    }

    private func entity(_ id: UnsafeRawBufferPointer) -> UInt64? {
        let key = Self.key(id)
        var i = Int(truncatingIfNeeded: key) & mask
        while keys[i] != 0 {
            if keys[i] == key { return entities[i] }
            i = (i + 1) & mask
        }
        return nil
    }

    /// Whether the two ids are the same entity (an id missing from the truth is its own entity).
    func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard let x = entity(a), let y = entity(b) else { return false }
        return x == y
    }
}

/// One pass over `pairs.csv` and `review.csv`: weights, decisions, rules, truth and the closest pairs.
struct PairScan {
    let matchThreshold: Double?
    var ruleNames: [String]
    let exampleLimit: Int
    var truth: TruthLookup?
    /// Every listed pair's weight, and whether it is true (with a truth).
    var weights: [Float] = []
    var isTrue: [Bool] = []
    /// Matches and review pairs listed.
    var counts = [0, 0]
    /// Per rule (index into `ruleNames`): matches and review pairs.
    var perRule: [[Int]] = []
    /// The lowest weight of a listed match (the match threshold when the summary is missing).
    var lowestMatch = Double.infinity
    private var kept: [(distance: Double, example: ReportData.PairExample)] = []

    init(matchThreshold: Double?, ruleNames: [String], exampleLimit: Int) {
        self.matchThreshold = matchThreshold
        self.ruleNames = ruleNames
        self.exampleLimit = exampleLimit
        perRule = ruleNames.map { _ in [0, 0] }
    }

    mutating func scan(_ path: String, _ decision: MatchResult.Decision, _ options: ReadOptions, notes: inout [String]) {
        let name = PathText.last(path)
        let store: RecordStore
        do {
            store = try CSVReader.read(path: path, options: options)
        } catch {
            notes.append("\(name) could not be read (\(error)); its pairs are missing")
            return
        }
        guard let a = store.column(named: "id_a"), let b = store.column(named: "id_b"),
            let w = store.column(named: "match_weight")
        else {
            notes.append("\(name) has no id_a, id_b and match_weight columns; its pairs are missing")
            return
        }
        let ruleColumn = store.column(named: "blocking_rule")
        // Per field: its level and weight columns (`<field>_level,<field>_weight`, after the fixed columns).
        var fields: [(name: String, level: Int, weight: Int)] = []
        for (i, c) in store.columns.enumerated() where c.name.hasSuffix("_level") {
            let field = String(c.name.dropLast("_level".count))
            if let wc = store.column(named: field + "_weight") { fields.append((field, i, wc)) }
        }
        let ruleBytes = ruleNames.map { Array($0.utf8) }
        var unknownRules: [[UInt8]: Int] = [:]
        let d = decision == .match ? 0 : 1
        var bad = 0
        weights.reserveCapacity(weights.count + store.rowCount)
        for row in 0..<store.rowCount {
            guard let weight = ByteNumber.double(store.field(row: row, column: w)) else {
                bad += 1
                continue
            }
            weights.append(Float(weight))
            counts[d] += 1
            if decision == .match { lowestMatch = min(lowestMatch, weight) }
            if let truth {
                isTrue.append(truth.same(store.field(row: row, column: a), store.field(row: row, column: b)))
            }
            var ruleIndex: Int?
            if let ruleColumn {
                let bytes = store.field(row: row, column: ruleColumn)
                ruleIndex = ruleBytes.firstIndex { $0.elementsEqual(bytes) }
                if ruleIndex == nil {
                    let key = Array(bytes)
                    if let k = unknownRules[key] {
                        ruleIndex = k
                    } else {
                        ruleIndex = ruleNames.count
                        unknownRules[key] = ruleNames.count
                        ruleNames.append(String(decoding: key, as: UTF8.self))
                        perRule.append([0, 0])
                    }
                }
                perRule[ruleIndex!][d] += 1
            }
            // The pairs nearest the match threshold are the ones a person wants explained.
            let distance = abs(weight - (matchThreshold ?? 0))
            if kept.count < exampleLimit || distance < kept[kept.count - 1].distance {
                let example = ReportData.PairExample(
                    idA: store.string(row: row, column: a), idB: store.string(row: row, column: b), weight: weight,
                    decision: decision, rule: ruleIndex.map { ruleNames[$0] } ?? "",
                    fields: fields.map { f in
                        (f.name, store.string(row: row, column: f.level),
                         ByteNumber.double(store.field(row: row, column: f.weight)) ?? 0)
                    })
                let at = kept.firstIndex { $0.distance > distance } ?? kept.count
                kept.insert((distance, example), at: at)
                if kept.count > exampleLimit { kept.removeLast() }
            }
        }
        if bad > 0 { notes.append("\(name): \(bad) rows without a usable match_weight were left out") }
    }

    /// The kept pairs, highest weight first.
    func examples() -> [ReportData.PairExample] {
        kept.map(\.example).sorted { $0.weight != $1.weight ? $0.weight > $1.weight : ($0.idA, $0.idB) < ($1.idA, $1.idB) }
    }

    /// Per rule: candidates from the blocking report, matches and review pairs from the files.
    func ruleCounts(blocking: BlockingReport?) -> [ReportData.RuleCount] {
        let candidates = Dictionary((blocking?.rules ?? []).map { ($0.name, $0.pairs) }, uniquingKeysWith: { a, _ in a })
        return ruleNames.indices.map { i in
            ReportData.RuleCount(rule: ruleNames[i], candidates: candidates[ruleNames[i]], matches: perRule[i][0],
                                 review: perRule[i][1])
        }
    }
}

/// Numbers parsed from a CSV field's bytes without building a `String`.
enum ByteNumber {
    /// A decimal integer (optional sign), or `nil`.
    static func int(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var i = 0, negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < bytes.count, bytes.count - i <= 18 else { return nil }
        var v = 0
        while i < bytes.count {
            let d = Int(bytes[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            v = v * 10 + d
            i += 1
        }
        return negative ? -v : v
    }

    /// A decimal number as the writers format it (`-12.34`); other spellings through `Double(String)`.
    static func double(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var i = 0, negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var whole = 0.0, digits = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
            whole = whole * 10 + Double(bytes[i] - 48)
            digits += 1
            i += 1
        }
        var scale = 1.0, fraction = 0.0
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                fraction = fraction * 10 + Double(bytes[i] - 48)
                scale *= 10
                digits += 1
                i += 1
            }
        }
        if i == bytes.count && digits > 0 && digits <= 15 {
            let v = whole + fraction / scale
            return negative ? -v : v
        }
        return Double(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces))
    }
}
