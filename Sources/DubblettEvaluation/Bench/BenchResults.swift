import Dubblett
import Foundation

/// Everything one `dubblett bench` invocation measured: what `--json` prints (documented field by
/// field in `docs/bench-json.md`).
public struct BenchResults: Codable, Sendable {
    /// Format tag; bumped when a field changes meaning.
    public var schema = "dubblett-bench/1"
    /// ISO-8601 time the benchmark finished.
    public var date: String
    /// `git rev-parse --short HEAD` of the working directory, or `unknown`.
    public var commit: String
    public var machine: MachineInfo
    /// The 1-minute load average when the benchmark started (`/proc/loadavg`), or `nil` where unknown:
    /// other work on the machine slows every timing.
    public var loadAverage: Double?
    /// One summary per (dataset, strategy), in the order run.
    public var cells: [BenchHarness.CellSummary]
    /// With `--scaling`: growth from each size to the next (the cells hold the full figures).
    public var scaling: [ScalingStep]?
    /// With `--peer`: each peer's run on each dataset (one run each).
    public var peers: [PeerSummary]?

    /// How time and memory grew from one generated size to the next.
    public struct ScalingStep: Codable, Sendable {
        /// The cell's dataset name (`100k`, `1m` ...).
        public var dataset: String
        public var records: Int
        public var totalSeconds: Double
        public var peakMemoryBytes: Int
        /// Ratios against the previous (smaller) size; absent for the first size.
        public var recordsGrowth: Double?
        public var timeGrowth: Double?
        public var memoryGrowth: Double?
    }

    /// The 1-minute load average from `/proc/loadavg`, or `nil`.
    public static func currentLoadAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }

    /// Results for `cells`, stamped with the current date, commit and machine.
    public init(
        cells: [BenchHarness.CellSummary], scaling: Bool, loadAverage: Double? = nil, peers: [PeerSummary] = []
    ) {
        self.loadAverage = loadAverage
        self.peers = peers.isEmpty ? nil : peers
        date = ISO8601DateFormatter().string(from: Date())
        commit = BenchHistory.currentCommit()
        machine = .current()
        self.cells = cells
        if scaling {
            var steps: [ScalingStep] = []
            for (i, c) in cells.enumerated() {
                var s = ScalingStep(dataset: c.dataset, records: c.records, totalSeconds: c.totalSeconds,
                                    peakMemoryBytes: c.peakMemoryBytes)
                if i > 0 {
                    let p = cells[i - 1]
                    s.recordsGrowth = Double(c.records) / Double(max(p.records, 1))
                    s.timeGrowth = c.totalSeconds / max(p.totalSeconds, 1e-9)
                    s.memoryGrowth = Double(c.peakMemoryBytes) / Double(max(p.peakMemoryBytes, 1))
                }
                steps.append(s)
            }
            self.scaling = steps
        }
    }

    /// The results as pretty-printed JSON with sorted keys.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The flat figures one history line records: `DATASET/STRATEGY/figure` → number.
    public func historyFigures() -> [String: Double] {
        var f: [String: Double] = [:]
        if let loadAverage { f["loadAverage"] = loadAverage }
        for c in cells {
            let k = "\(c.dataset)/\(c.strategy)/"
            f[k + "records"] = Double(c.records)
            f[k + "totalSeconds"] = c.totalSeconds
            f[k + "recordsPerSecond"] = c.recordsPerSecond
            for (stage, s) in c.stageSeconds { f[k + "seconds." + stage] = s }
            f[k + "peakMemoryBytes"] = Double(c.peakMemoryBytes)
            f[k + "candidatePairs"] = Double(c.candidatePairs)
            f[k + "pairCompleteness"] = c.pairCompleteness
            f[k + "pairwiseF1"] = c.pairwise.f1
            f[k + "bcubedF1"] = c.bcubed.f1
            f[k + "clusters"] = Double(c.clusters)
        }
        for p in peers ?? [] {
            let k = "\(p.dataset)/peer:\(p.peer.split(separator: " ").first ?? "")/"
            f[k + "totalSeconds"] = p.seconds
            f[k + "peakMemoryBytes"] = Double(p.peakMemoryBytes)
            f[k + "pairwiseF1"] = p.pairwise.f1
        }
        return f
    }

    /// The human-readable report: a speed table, an accuracy table and, with scaling, a growth table.
    public func tables() -> String {
        var stages: [String] = []
        for c in cells { for s in c.stages where !stages.contains(s) { stages.append(s) } }
        let speedRows = cells.map { c -> [String] in
            [c.dataset, c.strategy, String(c.records), String(c.runs), BenchFormat.seconds(c.totalSeconds),
             BenchFormat.rate(c.recordsPerSecond)]
                + stages.map { s in c.stageRecordsPerSecond[s].map(BenchFormat.rate) ?? "" }
                + [BenchFormat.bytes(c.peakMemoryBytes)]
        }
        var out = "Speed (median of the runs; stage columns in records/s)\n"
        out += TextTable.render(headers: ["dataset", "strategy", "records", "runs", "time", "records/s"] + stages
                                    + ["peak memory"], rows: speedRows, textColumns: [0, 1])
        func p(_ x: Double) -> String { String(format: "%.4f", x) }
        let accuracyRows = cells.map { c -> [String] in
            [c.dataset, c.strategy, String(c.candidatePairs), String(format: "%.4f %%", c.reductionRatio * 100),
             String(format: "%.2f %%", c.pairCompleteness * 100), p(c.pairwise.precision), p(c.pairwise.recall),
             p(c.pairwise.f1), p(c.bcubed.f1), String(c.clusters), String(c.multiRecordClusters)]
        }
        out += "\nAccuracy (pairwise over clusters; completeness = true pairs blocking kept)\n"
        out += TextTable.render(headers: ["dataset", "strategy", "candidates", "reduction", "completeness",
                                          "precision", "recall", "F1", "B-cubed F1", "clusters", "2+ records"],
                                rows: accuracyRows, textColumns: [0, 1])
        var ruleRows: [[String]] = []
        for c in cells {
            for (i, r) in c.blockingRules.enumerated() {
                let t = i < c.ruleTruePairs.count ? c.ruleTruePairs[i] : 0
                ruleRows.append([c.dataset, c.strategy, r.name, String(r.pairs), String(t),
                                 r.pairs == 0 ? "" : String(format: "%.1f %%", 100 * Double(t) / Double(r.pairs)),
                                 String(r.largestBucket), String(r.windowedBuckets)])
            }
        }
        if !ruleRows.isEmpty {
            out += "\nBlocking rules (in order; a pair counts for the first rule that finds it)\n"
            out += TextTable.render(headers: ["dataset", "strategy", "rule", "pairs", "true pairs", "true share",
                                              "largest bucket", "windowed buckets"],
                                    rows: ruleRows, textColumns: [0, 1, 2])
        }
        if let peers {
            out += "\nSide by side with peers (Dubblett: median of its runs; a peer: one run of its whole process)\n"
            out += peerTable(peers)
        }
        if let scaling {
            func x(_ v: Double?) -> String { v.map { String(format: "%.2f×", $0) } ?? "" }
            let rows = scaling.map { s in
                [s.dataset, String(s.records), BenchFormat.seconds(s.totalSeconds),
                 BenchFormat.bytes(s.peakMemoryBytes),
                 x(s.recordsGrowth), x(s.timeGrowth), x(s.memoryGrowth)]
            }
            out += "\nScaling (growth against the previous size)\n"
            out += TextTable.render(headers: ["dataset", "records", "time", "peak memory", "records ×", "time ×",
                                              "memory ×"], rows: rows, textColumns: [0])
        }
        out += "\nmachine: \(machine.cpuModel), \(machine.cores) cores, \(BenchFormat.bytes(machine.memoryBytes))"
            + (loadAverage.map { String(format: ", load average %.2f at start", $0) } ?? "") + "; commit \(commit)\n"
        return out
    }

    /// Dubblett's cells and the peers' runs on the same datasets, one row each, with how much longer a peer took.
    func peerTable(_ peers: [PeerSummary]) -> String {
        func p(_ x: Double) -> String { String(format: "%.4f", x) }
        var rows: [[String]] = []
        for dataset in cells.map(\.dataset).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            let ours = cells.filter { $0.dataset == dataset }
            for c in ours {
                rows.append([dataset, "dubblett " + c.strategy, String(c.records), BenchFormat.seconds(c.totalSeconds),
                             BenchFormat.bytes(c.peakMemoryBytes), p(c.pairwise.precision), p(c.pairwise.recall),
                             p(c.pairwise.f1), p(c.bcubed.f1), ""])
            }
            let fastest = ours.map(\.totalSeconds).min()
            for r in peers where r.dataset == dataset {
                let times = fastest.map { String(format: "%.1f×", r.seconds / max($0, 1e-9)) } ?? ""
                rows.append([dataset, r.peer, String(r.records), BenchFormat.seconds(r.seconds),
                             BenchFormat.bytes(r.peakMemoryBytes), p(r.pairwise.precision), p(r.pairwise.recall),
                             p(r.pairwise.f1), p(r.bcubed.f1), times])
            }
        }
        return TextTable.render(headers: ["dataset", "tool", "records", "time", "peak memory", "precision", "recall",
                                          "F1", "B-cubed F1", "time vs Dubblett"], rows: rows, textColumns: [0, 1])
    }
}
