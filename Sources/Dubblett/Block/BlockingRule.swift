/// One derived value a blocking key is built from.
///
/// Each part reads one precomputed feature of a record as a `UInt64`; `0` means the record has no
/// value, and a record missing any part of a rule is not blocked by that rule.
public enum BlockKeyPart: String, Codable, Sendable, CaseIterable {
    case personnummer
    case phone
    case email
    case postalCode = "postal_code"
    case firstPhonetic = "first_name_phonetic"
    case lastPhonetic = "last_name_phonetic"
    case firstInitial = "first_name_initial"
    case birthDate = "birth_date"
    case birthYear = "birth_year"
    case street
    case houseNumber = "house_number"
    case city
    case identifier
    case organisationsnummer
    /// The company name with its legal form stripped.
    case companyName = "company_name"
    /// The first word of the stripped company name.
    case companyToken = "company_name_token"
    /// The value of declared column 0…7 (`MatchSettings.extraColumns`); a settings file names the column.
    case extra0, extra1, extra2, extra3, extra4, extra5, extra6, extra7

    /// The declared column a part reads (0…7), or nil for a built-in part.
    @inlinable public var extraIndex: Int? {
        switch self {
        case .extra0: return 0
        case .extra1: return 1
        case .extra2: return 2
        case .extra3: return 3
        case .extra4: return 4
        case .extra5: return 5
        case .extra6: return 6
        case .extra7: return 7
        default: return nil
        }
    }

    /// The part reading declared column `k` (0…7).
    public static func extra(_ k: Int) -> BlockKeyPart {
        [.extra0, .extra1, .extra2, .extra3, .extra4, .extra5, .extra6, .extra7][k]
    }

    /// Decodes a part: a built-in name, or the name of a declared column (the decoder's
    /// `userInfo[.extraColumns]`, set while a settings file is read).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let text = try c.decode(String.self)
        if let part = BlockKeyPart(rawValue: text) {
            self = part
            return
        }
        let declared = (decoder.userInfo[.extraColumns] as? [ExtraColumn]) ?? []
        if let k = declared.prefix(ExtraColumn.limit).firstIndex(where: { $0.name == text }) {
            self = .extra(k)
            return
        }
        throw DecodingError.dataCorruptedError(
            in: c,
            debugDescription: "unknown blocking part \"\(text)\"; use one of "
                + (Self.allCases.filter { $0.extraIndex == nil }.map(\.rawValue) + declared.map(\.name))
                .joined(separator: ", "))
    }

    /// The part's value for `row` (0 = missing).
    @inlinable @inline(__always)
    public func value(_ f: FeatureTable, _ row: Int) -> UInt64 {
        switch self {
        case .personnummer: return UInt64(bitPattern: f.personnummer[row])
        case .phone: return UInt64(bitPattern: f.phone[row])
        case .email: return f.emailHash[row]
        case .postalCode: return UInt64(UInt32(bitPattern: f.postalCode[row]))
        case .firstPhonetic: return f.firstPhonetic[row]
        case .lastPhonetic: return f.lastPhonetic[row]
        case .firstInitial:
            return f.firstFolded.length(row) == 0 ? 0 : UInt64(f.firstFolded.bytes[Int(f.firstFolded.offsets[row])])
        case .birthDate: return UInt64(UInt32(bitPattern: f.birthDate[row]))
        case .birthYear: return UInt64(UInt32(bitPattern: f.birthDate[row] / 10_000))
        case .street:
            let n = f.street.length(row)
            if n == 0 { return 0 }
            return f.street.bytes.withUnsafeBytes { raw in
                XXH3.hash(
                    UnsafeRawBufferPointer(rebasing: raw[Int(f.street.offsets[row])..<Int(f.street.offsets[row]) + n]),
                    seed: 5) | 1
            }
        case .houseNumber: return UInt64(UInt32(bitPattern: f.houseNumber[row]))
        case .city: return f.cityHash[row]
        case .identifier: return UInt64(bitPattern: f.identifier[row])
        case .organisationsnummer: return UInt64(bitPattern: f.organisationsnummer[row])
        case .companyName: return f.companyHash[row]
        case .companyToken: return f.companyToken[row]
        case .extra0, .extra1, .extra2, .extra3, .extra4, .extra5, .extra6, .extra7:
            let k = extraIndex!
            return k < f.extraColumns.count ? f.extraValue(row, k) : 0
        }
    }

    /// A value whose order is meaningful (names by their first eight folded bytes), for sorted windows.
    @inlinable
    public func orderValue(_ f: FeatureTable, _ row: Int) -> UInt64 {
        func prefix(_ c: ByteColumn) -> UInt64 {
            var v: UInt64 = 0
            let start = Int(c.offsets[row]), n = min(8, c.length(row))
            for i in 0..<8 { v = (v << 8) | (i < n ? UInt64(c.bytes[start + i]) : 0) }
            return v
        }
        switch self {
        case .firstPhonetic, .firstInitial: return prefix(f.firstFolded)
        case .lastPhonetic: return prefix(f.lastFolded)
        case .street: return prefix(f.street)
        case .companyName, .companyToken: return prefix(f.company)
        default: return value(f, row)
        }
    }
}

/// A blocking rule: records whose parts all agree land in one bucket and are compared pairwise.
///
/// Buckets larger than `maxBucket` are not compared all-against-all: their records are sorted by
/// `windowOrder` (then row) and each is paired with the next `window - 1` records (sorted
/// neighbourhood, Hernández & Stolfo 1995), so one crowded key cannot make the pair count quadratic.
public struct BlockingRule: Codable, Sendable, Hashable {
    /// A short name for reports ("personnummer", "postal_code+last_name_phonetic").
    public var name: String
    /// The parts that must all agree.
    public var parts: [BlockKeyPart]
    /// Sort order inside an oversized bucket.
    public var windowOrder: [BlockKeyPart]
    /// Whether pairs from this rule train the m probabilities of the fields not in `parts`.
    public var train: Bool
    /// This rule's window inside oversized buckets; `nil` uses the run's window setting.
    public var window: Int?
    /// A secondary key for crowded buckets, or `nil`: a bucket above the cap is first split into
    /// sub-buckets of records that also agree on this part (records without it form one sub-bucket);
    /// each sub-bucket is compared in full up to the cap and by window above it, and nothing is paired
    /// across sub-buckets. One shared e-mail address or birth date then no longer pairs every record
    /// with `window - 1` unrelated neighbours. Off in the default rules: on the generated 1 M-row
    /// register, splitting phone, e-mail, postal code + surname, birth date + surname (first-name
    /// phonetic), birth date + first name (postal code) and address + first name (birth year) cut
    /// candidate pairs by 6.9 % but lost 130 true e-mail pairs (F1 0.9891 → 0.9889).
    public var split: BlockKeyPart?

    public init(
        _ parts: [BlockKeyPart], name: String? = nil, windowOrder: [BlockKeyPart] = [.firstPhonetic, .birthDate],
        train: Bool = true, window: Int? = nil, split: BlockKeyPart? = nil
    ) {
        self.parts = parts
        self.name = name ?? parts.map(\.rawValue).joined(separator: "+")
        self.windowOrder = windowOrder
        self.train = train
        self.window = window
        self.split = split
    }

    private enum CodingKeys: String, CodingKey {
        case name, parts, windowOrder = "window_order", train, window, split
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        parts = try c.decode([BlockKeyPart].self, forKey: .parts)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? parts.map(\.rawValue).joined(separator: "+")
        windowOrder = try c.decodeIfPresent([BlockKeyPart].self, forKey: .windowOrder) ?? [.firstPhonetic, .birthDate]
        train = try c.decodeIfPresent(Bool.self, forKey: .train) ?? true
        window = try c.decodeIfPresent(Int.self, forKey: .window)
        split = try c.decodeIfPresent(BlockKeyPart.self, forKey: .split)
    }

    /// The default rules for a Swedish person register: strong identifiers first, then name-based keys.
    ///
    /// Chosen on generated 1 M-row registers for recall per candidate pair: the first initial keeps
    /// postal-code + surname buckets small (households split by first name) and does the same for
    /// birth date + surname, whose buckets crowd as registers grow (10 M rows: 13.4 M candidate pairs
    /// without it, 2.0 M with it, pairwise F1 0.976 → 0.978; 1 M rows: F1 0.986 → 0.988); birth date
    /// + first name finds people whose surname changed (its window order cannot bring a changed surname
    /// next to the old one, so its crowded buckets only pair neighbours: window 2 cuts its 10 M-row
    /// pairs from 12.8 M to 8.2 M at the same F1), and postal code + street + first name finds those who
    /// married into a new surname at the same address.
    public static let swedishDefaults: [BlockingRule] = [
        BlockingRule([.personnummer], windowOrder: [.firstPhonetic, .lastPhonetic]),
        BlockingRule([.phone], windowOrder: [.firstPhonetic, .birthDate]),
        BlockingRule([.email], windowOrder: [.firstPhonetic, .lastPhonetic]),
        BlockingRule([.postalCode, .lastPhonetic, .firstInitial], windowOrder: [.firstPhonetic, .birthDate]),
        BlockingRule([.birthDate, .lastPhonetic, .firstInitial], windowOrder: [.firstPhonetic, .postalCode]),
        BlockingRule([.birthDate, .firstPhonetic], windowOrder: [.lastPhonetic, .postalCode], window: 2),
        BlockingRule([.postalCode, .street, .firstPhonetic], windowOrder: [.lastPhonetic, .birthDate]),
    ]
}
