import DubblettTestSupport
import Testing

@testable import Dubblett

@Suite("Pipeline")
struct PipelineTests {
    static func pairwise(_ labels: [Int32], _ truth: Set<UInt64>) -> (precision: Double, recall: Double, f1: Double) {
        var byLabel: [Int32: [Int]] = [:]
        for (r, l) in labels.enumerated() { byLabel[l, default: []].append(r) }
        var tp = 0, predicted = 0
        for rows in byLabel.values where rows.count > 1 {
            for i in rows.indices {
                for j in rows.indices where i < j {
                    predicted += 1
                    if truth.contains(UInt64(rows[i]) << 32 | UInt64(rows[j])) { tp += 1 }
                }
            }
        }
        let p = predicted == 0 ? 1 : Double(tp) / Double(predicted)
        let r = truth.isEmpty ? 1 : Double(tp) / Double(truth.count)
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r))
    }

    @Test func findsDuplicatesWithoutMergingHouseholds() throws {
        let reg = SyntheticRegister(people: 1500, seed: 77)
        let out = try Pipeline.match(reg.features, settings: MatchSettings(), context: RunContext(workers: 2))
        let score = Self.pairwise(out.clustering.labels, reg.truePairs)
        #expect(score.f1 > 0.9, "P \(score.precision) R \(score.recall)")
        let merged = reg.householdPairs.filter { out.clustering.labels[$0.0] == out.clustering.labels[$0.1] }.count
        #expect(reg.householdPairs.count > 250)
        #expect(
            Double(merged) < 0.02 * Double(reg.householdPairs.count),
            "\(merged) of \(reg.householdPairs.count) household pairs merged")
    }

    @Test func identicalResultsForOneAndTwoWorkers() throws {
        let reg = SyntheticRegister(people: 700, seed: 78)
        let a = try Pipeline.match(reg.features, settings: MatchSettings(), context: RunContext(workers: 1))
        let b = try Pipeline.match(reg.features, settings: MatchSettings(), context: RunContext(workers: 2))
        #expect(a.clustering.labels == b.clustering.labels)
        #expect(a.pairs == b.pairs && a.weights == b.weights)
        #expect(a.model.m == b.model.m)
    }

    @Test func aSavedModelReproducesTheRun() throws {
        let reg = SyntheticRegister(people: 800, seed: 79)
        let a = try Pipeline.match(reg.features, settings: MatchSettings(), context: RunContext(workers: 2))
        let path = "/tmp/dubblett-model-test-\(getpid()).json"
        try a.model.save(to: path)
        let loaded = try MatchModel.load(from: path)
        let b = try Pipeline.match(reg.features, settings: MatchSettings(), model: loaded, context: RunContext(workers: 2))
        #expect(a.weights == b.weights)
        #expect(a.clustering.labels == b.clustering.labels)
    }

    @Test func settingsValidationListsEveryProblem() throws {
        let path = "/tmp/dubblett-settings-test-\(getpid()).json"
        let json = """
            {"blocking_rules": [{"parts": []}], "match_threshold": 1, "review_threshold": 3, "windw": 5,
             "comparisons": [{"field": "first_name", "high": 1.5}, {"field": "first_name"}]}
            """
        try Array(json.utf8).withUnsafeBytes { raw in
            let w = try AtomicFileWriter(path: path)
            w.write(raw)
            try w.commit()
        }
        do {
            _ = try MatchSettings.load(from: path)
            Issue.record("invalid settings were accepted")
        } catch let e as SettingsError {
            let text = e.problems.joined(separator: "\n")
            #expect(text.contains("windw"))
            #expect(text.contains("no parts"))
            #expect(text.contains("review_threshold"))
            #expect(text.contains("comparisons[0].high"))
            #expect(text.contains("compared twice"))
            #expect(e.problems.count == 5)
        }
    }
}

#if canImport(Glibc)
    import Glibc
#endif
