import Foundation

/// The allowed range of every number in a settings file, and the checks that hold a file to them.
///
/// A number out of range is never clamped: it is a problem that names its key and the range. The
/// ranges keep every stage's arithmetic far from overflow and its memory in proportion to the register
/// (`u_samples` costs 8 bytes per sample; a window or bucket cap sets pairs per record).
extension MatchSettings {
    /// Thresholds are match weights in log2 odds; ±100 is already certainty either way.
    public static let thresholdRange: ClosedRange<Double> = -100...100
    /// Records per bucket compared all against all.
    public static let maxBucketRange: ClosedRange<Int> = 2...10_000
    /// Neighbours paired inside an oversized bucket (the run's and each rule's `window`).
    public static let windowRange: ClosedRange<Int> = 2...1_000
    /// Random pairs sampled to estimate u.
    public static let uSamplesRange: ClosedRange<Int> = 1_000...10_000_000

    /// Problems with the numbers of these settings: non-finite or out-of-range values, each with its range.
    func numberProblems() -> [String] {
        var p: [String] = []
        for (key, value) in [
            ("match_threshold", matchThreshold), ("review_threshold", reviewThreshold),
            ("strong_link_threshold", strongLinkThreshold),
        ] where !(value.isFinite && Self.thresholdRange.contains(value)) {
            p.append("\(key): \(value) is out of range; give a number from -100 to 100 (a match weight in log2 odds)")
        }
        for (key, value, range) in [
            ("max_bucket", maxBucket, Self.maxBucketRange), ("window", window, Self.windowRange),
            ("u_samples", uSamples, Self.uSamplesRange),
        ] where !range.contains(value) {
            p.append("\(key): \(value) is out of range; give a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        for (i, r) in blockingRules.enumerated() {
            if let w = r.window, !Self.windowRange.contains(w) {
                p.append(
                    "blocking_rules[\(i)].window: \(w) is out of range; give a whole number from "
                        + "\(Self.windowRange.lowerBound) to \(Self.windowRange.upperBound)")
            }
        }
        return p
    }

    /// Checks the numbers of a parsed settings object before it is decoded, and removes the bad ones.
    ///
    /// `JSONDecoder` stops at the first number it cannot store (and calls `-1` for an unsigned seed
    /// "not valid JSON"); this walks every numeric key, states what is wrong with each, and returns the
    /// object without them so the rest of the file can still be checked in the same run.
    static func checkNumbers(in object: [String: Any], data: Data) -> (problems: [String], cleaned: [String: Any]) {
        guard let probe = try? JSONDecoder().decode(NumberProbe.self, from: data) else { return ([], object) }
        var problems: [String] = []
        var cleaned = object
        func check(_ key: String, _ number: JSONNumber?, whole: Bool, _ range: ClosedRange<Double>, _ text: String) -> Bool {
            guard let number else { return true }
            let problem: String?
            switch number {
            case .notANumber(let what): problem = "\(key): \(what) is not a number; give \(text)"
            case .value(let v, let literal):
                if whole && v.rounded() != v {
                    problem = "\(key): \(literal) is not a whole number; give \(text)"
                } else if !range.contains(v) {
                    problem = "\(key): \(literal) is out of range; give \(text)"
                } else {
                    problem = nil
                }
            }
            if let problem { problems.append(problem) }
            return problem == nil
        }
        let threshold = "a number from -100 to 100 (a match weight in log2 odds)"
        func wholeText(_ r: ClosedRange<Int>) -> String { "a whole number from \(r.lowerBound) to \(r.upperBound)" }
        func doubles(_ r: ClosedRange<Int>) -> ClosedRange<Double> { Double(r.lowerBound)...Double(r.upperBound) }
        let checks: [(String, JSONNumber?, Bool, ClosedRange<Double>, String)] = [
            ("match_threshold", probe.matchThreshold, false, thresholdRange, threshold),
            ("review_threshold", probe.reviewThreshold, false, thresholdRange, threshold),
            ("strong_link_threshold", probe.strongLinkThreshold, false, thresholdRange, threshold),
            ("max_bucket", probe.maxBucket, true, doubles(maxBucketRange), wholeText(maxBucketRange)),
            ("window", probe.window, true, doubles(windowRange), wholeText(windowRange)),
            ("u_samples", probe.uSamples, true, doubles(uSamplesRange), wholeText(uSamplesRange)),
        ]
        for (key, number, whole, range, text) in checks where !check(key, number, whole: whole, range, text) {
            cleaned.removeValue(forKey: key)
        }
        if let seed = probe.seed {
            switch seed {
            case .value(let v, let literal) where v.rounded() == v && UInt64(literal) != nil: break
            case .value(_, let literal):
                problems.append("seed: \(literal) is out of range; give a whole number from 0 to \(UInt64.max)")
                cleaned.removeValue(forKey: "seed")
            case .notANumber(let what):
                problems.append("seed: \(what) is not a number; give a whole number from 0 to \(UInt64.max)")
                cleaned.removeValue(forKey: "seed")
            }
        }
        if var rules = object["blocking_rules"] as? [Any], let ruleProbes = probe.blockingRules {
            for (i, rule) in ruleProbes.enumerated() where i < rules.count {
                guard var dict = rules[i] as? [String: Any] else { continue }
                let key = "blocking_rules[\(i)].window"
                if !check(key, rule.window, whole: true, doubles(windowRange), wholeText(windowRange)) {
                    dict.removeValue(forKey: "window")
                    rules[i] = dict
                }
            }
            cleaned["blocking_rules"] = rules
        }
        if var comparisons = object["comparisons"] as? [Any], let probes = probe.comparisons {
            for (i, c) in probes.enumerated() where i < comparisons.count {
                guard var dict = comparisons[i] as? [String: Any] else { continue }
                for (name, number) in [("high", c.high), ("low", c.low)]
                where !check("comparisons[\(i)].\(name)", number, whole: false, 0...1, "a number in (0, 1]") {
                    dict.removeValue(forKey: name)
                }
                comparisons[i] = dict
            }
            cleaned["comparisons"] = comparisons
        }
        return (problems, cleaned)
    }
}

/// A JSON value where a number belongs: the number (and its literal) or a word for what is there instead.
enum JSONNumber: Decodable {
    case value(Double, literal: String)
    case notANumber(String)

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let v = try? c.decode(Int64.self) {
            self = .value(Double(v), literal: String(v))
        } else if let v = try? c.decode(UInt64.self) {
            self = .value(Double(v), literal: String(v))
        } else if let v = try? c.decode(Double.self) {
            let whole = v.rounded() == v && abs(v) < 1e18
            self = .value(v, literal: whole ? String(Int64(v)) : "\(v)")
        } else if let v = try? c.decode(Bool.self) {
            self = .notANumber(String(v))
        } else if c.decodeNil() {
            self = .notANumber("null")
        } else if (try? c.decode(String.self)) != nil {
            self = .notANumber("a text")
        } else {
            self = .notANumber("a list or object")
        }
    }
}

/// The numeric keys of a settings file, read leniently (anything that is not there or not an object is skipped).
private struct NumberProbe: Decodable {
    struct Rule: Decodable { var window: JSONNumber? }
    struct Comparison: Decodable { var high: JSONNumber?; var low: JSONNumber? }
    var matchThreshold, reviewThreshold, strongLinkThreshold, maxBucket, window, uSamples, seed: JSONNumber?
    var blockingRules: [Rule]?
    var comparisons: [Comparison]?

    enum CodingKeys: String, CodingKey {
        case matchThreshold = "match_threshold", reviewThreshold = "review_threshold"
        case strongLinkThreshold = "strong_link_threshold", maxBucket = "max_bucket", window
        case uSamples = "u_samples", seed, blockingRules = "blocking_rules", comparisons
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func number(_ key: CodingKeys) -> JSONNumber? {
            c.contains(key) ? try? c.decode(JSONNumber.self, forKey: key) : nil
        }
        matchThreshold = number(.matchThreshold)
        reviewThreshold = number(.reviewThreshold)
        strongLinkThreshold = number(.strongLinkThreshold)
        maxBucket = number(.maxBucket)
        window = number(.window)
        uSamples = number(.uSamples)
        seed = number(.seed)
        blockingRules = try? c.decode([Lenient<Rule>].self, forKey: .blockingRules).map { $0.value ?? Rule() }
        comparisons = try? c.decode([Lenient<Comparison>].self, forKey: .comparisons).map { $0.value ?? Comparison() }
    }
}

/// A value decoded when it can be, `nil` when not (so one bad element does not hide the others).
private struct Lenient<T: Decodable>: Decodable {
    var value: T?
    init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
}
