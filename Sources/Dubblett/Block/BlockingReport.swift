/// What blocking did, per rule, before any pair is compared (the cost shown before it is paid).
public struct BlockingReport: Codable, Sendable {
    /// Figures for one rule.
    public struct Rule: Codable, Sendable {
        public var name: String
        /// Records that have every part of the rule.
        public var recordsKeyed: Int = 0
        /// Buckets with two or more records.
        public var buckets: Int = 0
        /// The size of the largest bucket.
        public var largestBucket: Int = 0
        /// Buckets above the cap, compared by sorted window instead of all pairs.
        public var windowedBuckets: Int = 0
        /// Windowed buckets split into sub-buckets by the rule's `split` part.
        public var splitBuckets: Int = 0
        /// Pairs this rule generated (not found by an earlier rule).
        public var pairs: Int = 0
        /// Pairs this rule found that an earlier rule had already generated.
        public var skippedAsEarlier: Int = 0
    }

    /// One of the largest buckets, its key masked so no personal data is shown.
    public struct LargeBucket: Codable, Sendable {
        public var rule: String
        public var size: Int
        public var maskedKey: String
        public var windowed: Bool
    }

    public var rules: [Rule] = []
    public var largestBuckets: [LargeBucket] = []
    /// The bucket size above which the sorted window is used.
    public var maxBucket: Int = 0
    /// The window size inside oversized buckets.
    public var window: Int = 0

    /// All pairs generated.
    public var totalPairs: Int { rules.reduce(0) { $0 + $1.pairs } }

    /// Renders the report as aligned text lines for stderr.
    public func lines() -> [String] {
        var out = ["blocking: \(totalPairs) candidate pairs (bucket cap \(maxBucket), window \(window))"]
        for r in rules {
            out.append(
                "  \(r.name.padding(toLength: 48, withPad: " ", startingAt: 0)) pairs \(r.pairs), "
                    + "buckets \(r.buckets), "
                    + "largest \(r.largestBucket), windowed \(r.windowedBuckets)"
                    + (r.splitBuckets > 0 ? " (\(r.splitBuckets) split)" : "")
                    + ", already found \(r.skippedAsEarlier)")
        }
        for b in largestBuckets {
            out.append(
                "  largest bucket: \(b.size) records, rule \(b.rule), key \(b.maskedKey)"
                    + (b.windowed ? " (windowed)" : "")
            )
        }
        return out
    }
}

extension BlockKeyPart {
    /// The part's value for `row`, masked for reports (no full name, number or date is shown).
    func masked(_ f: FeatureTable, _ row: Int) -> String {
        func initial(_ c: ByteColumn) -> String {
            guard c.length(row) > 0 else { return "?" }
            let b = c.bytes[Int(c.offsets[row])]
            return String(Character(Unicode.Scalar(b))) + "***"
        }
        switch self {
        case .personnummer, .phone, .email, .houseNumber, .city, .identifier, .organisationsnummer:
            return "\(rawValue)=***"
        case .companyName, .companyToken: return "\(rawValue)=\(initial(f.company))"
        case .postalCode:
            let p = f.postalCode[row]
            return "postal_code=\(p / 100)**"
        case .firstPhonetic, .firstInitial: return "\(rawValue)=\(initial(f.firstFolded))"
        case .lastPhonetic: return "\(rawValue)=\(initial(f.lastFolded))"
        case .street: return "street=\(initial(f.street))"
        case .birthDate, .birthYear:
            let y = f.birthDate[row] / 10_000
            return "\(rawValue)=\(y / 10)*"
        case .extra0, .extra1, .extra2, .extra3, .extra4, .extra5, .extra6, .extra7:
            let k = extraIndex!
            return (k < f.extraColumns.count ? f.extraColumns[k].name : rawValue) + "=***"
        }
    }
}

extension BlockingReport.Rule {
    /// Decodes a rule's figures; `splitBuckets` may be absent (summaries written before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        recordsKeyed = try c.decode(Int.self, forKey: .recordsKeyed)
        buckets = try c.decode(Int.self, forKey: .buckets)
        largestBucket = try c.decode(Int.self, forKey: .largestBucket)
        windowedBuckets = try c.decode(Int.self, forKey: .windowedBuckets)
        splitBuckets = try c.decodeIfPresent(Int.self, forKey: .splitBuckets) ?? 0
        pairs = try c.decode(Int.self, forKey: .pairs)
        skippedAsEarlier = try c.decode(Int.self, forKey: .skippedAsEarlier)
    }
}
