import Foundation
import Testing

@testable import Dubblett

/// Settings with hostile numbers, registers that give EM nothing to learn, registers no rule can block.
@Suite("Hostile settings and degenerate registers")
struct DegenerateInputTests {
    func settingsFile(_ json: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("settings-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: path)
        return path.path
    }

    func problems(_ json: String) throws -> [String] {
        let path = try settingsFile(json)
        defer { unlink(path) }
        do {
            _ = try MatchSettings.load(from: path)
            return []
        } catch let e as SettingsError {
            return e.problems
        }
    }

    @Test func everyHostileNumberIsListedAtOnceWithItsKeyAndRange() throws {
        let p = try problems("""
            {"u_samples": 9223372036854775807, "window": 9223372036854775807, "seed": -1, "max_bucket": 1.5,
             "match_threshold": "high", "blocking_rules": [{"parts": ["personnummer"], "window": 0}],
             "comparisons": [{"field": "first_name", "high": 2}], "strong_link_threshold": 1e308}
            """)
        let text = p.joined(separator: "\n")
        #expect(p.count == 8, "\(text)")
        #expect(text.contains("u_samples: 9223372036854775807 is out of range; give a whole number from 1000 to 10000000"))
        #expect(text.contains("window: 9223372036854775807 is out of range; give a whole number from 2 to 1000"))
        #expect(text.contains("seed: -1 is out of range; give a whole number from 0 to 18446744073709551615"))
        #expect(text.contains("max_bucket: 1.5 is not a whole number"))
        #expect(text.contains("match_threshold: a text is not a number"))
        #expect(text.contains("blocking_rules[0].window: 0 is out of range"))
        #expect(text.contains("comparisons[0].high: 2 is out of range"))
        #expect(text.contains("strong_link_threshold:") && text.contains("from -100 to 100"))
        #expect(!text.contains("not valid JSON"))
    }

    @Test func tenBillionSamplesAreRefusedBeforeAnyAllocation() throws {
        let p = try problems(#"{"u_samples": 1e10}"#)
        #expect(p.count == 1 && p[0].contains("u_samples: 10000000000 is out of range"), "\(p)")
    }

    @Test func validNumbersStillLoad() throws {
        let path = try settingsFile(#"{"u_samples": 5000, "seed": 18446744073709551615, "match_threshold": -4.5, "review_threshold": -9}"#)
        defer { unlink(path) }
        let s = try MatchSettings.load(from: path)
        #expect(s.uSamples == 5000 && s.seed == UInt64.max && s.matchThreshold == -4.5 && s.reviewThreshold == -9)
    }

    @Test func nonFiniteThresholdsAreProblems() {
        var s = MatchSettings()
        s.matchThreshold = .nan
        s.reviewThreshold = -.infinity
        s.window = Int.max
        let p = s.problems()
        #expect(p.count == 3, "\(p)")
        #expect(p.contains { $0.hasPrefix("match_threshold: nan is out of range") })
    }

    /// `rows` copies of one complete record, as the reader would give them.
    func identical(_ rows: Int) throws -> RecordStore {
        var text = "id,förnamn,efternamn,personnummer,telefon,e-post,gatuadress,postnummer,postort,födelsedatum\n"
        for i in 1...rows {
            text += "\(i),Anna,Andersson,19800101-0008,070-123 45 67,anna.andersson@example.se,Storgatan 1,"
                + "114 53,Stockholm,1980-01-01\n"
        }
        return try CSVReader.read(bytes: Array(text.utf8), name: "same.csv", options: .init(workers: 2))
    }

    @Test func identicalRecordsFormOneClusterWithAWarning() throws {
        let store = try identical(300)
        let features = FeatureBuilder.build(store, workers: 2, settings: MatchSettings())
        let out = try Pipeline.match(features, settings: MatchSettings(), context: RunContext(workers: 2))
        #expect(out.report.training?.fallback != nil)
        #expect(out.report.warnings.contains { $0.contains("safe default parameters") })
        #expect(out.report.lines().contains { $0.hasPrefix("warning") })
        #expect(Set(out.clustering.labels).count == 1, "\(Set(out.clustering.labels).count) clusters")
        #expect(out.model.m.allSatisfy { $0.allSatisfy(\.isFinite) })
    }

    @Test func aHealthyRegisterKeepsItsTrainedModel() throws {
        let reg = SyntheticRegister(people: 700, seed: 81)
        let out = try Pipeline.match(reg.features, settings: MatchSettings(), context: RunContext(workers: 2))
        #expect(out.report.training?.fallback == nil)
        #expect(out.report.warnings.isEmpty)
    }

    @Test func collapseIsDetectedFromTheModel() {
        let specs = ComparisonSpec.swedishDefaults
        var model = ModelTrainer.safeDefaults(comparisons: specs, records: 1000)
        let h = PatternHistogram(levels: [0x1111_1111, 0x3333_3333], masks: [1, 1], workers: 1)
        #expect(ModelTrainer.collapseReason(model, histogram: h) == nil)
        for f in model.u.indices { model.u[f][1] = 0.99 }  // every random pair agrees: agreement is no evidence
        #expect(ModelTrainer.collapseReason(model, histogram: h)?.contains("m ≤ u") == true)
        model.lambda = .nan
        #expect(ModelTrainer.collapseReason(model, histogram: h)?.contains("not numbers") == true)
        let single = PatternHistogram(levels: [0x1111_1111, 0x1111_1111], masks: [1, 1], workers: 1)
        let fresh = ModelTrainer.safeDefaults(comparisons: specs, records: 1000)
        #expect(ModelTrainer.collapseReason(fresh, histogram: single)?.contains("same agreement pattern") == true)
    }

    @Test func aRegisterNoRuleCanBlockSaysSo() throws {
        var text = "kod,anteckning\n"
        for i in 1...50 { text += "K\(i),text \(i % 7)\n" }
        let store = try CSVReader.read(bytes: Array(text.utf8), name: "x.csv", options: .init(workers: 1))
        let features = FeatureBuilder.build(store, workers: 1, settings: MatchSettings())
        let out = try Pipeline.match(features, settings: MatchSettings(), context: RunContext(workers: 1))
        #expect(out.report.candidatePairs == 0)
        #expect(out.report.warnings.count == 1)
        #expect(out.report.warnings.first?.contains("no blocking rule applies") == true)
        #expect(out.report.warnings.first?.contains("--column") == true)
    }
}
