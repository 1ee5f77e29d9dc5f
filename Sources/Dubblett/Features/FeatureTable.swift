/// Per-record features a comparison needs, precomputed once, stored column by column.
///
/// No record is an object: every feature is one array indexed by row (`Int32`), and variable-length
/// bytes (names, street names) live in one arena per feature with `UInt32` offsets. Missing values
/// are `0` for numbers and keys, and an empty range for bytes.
///
/// ```
/// firstFolded.bytes   [k a r l a n n a m a r i a ...]
/// firstFolded.offsets [0, 4, 14, ...]            row r spans offsets[r]..<offsets[r+1]
/// lastPhonetic        [UInt64 per row]           SwedishPhonetic key, 0 = missing
/// personnummer        [Int64 per row]            canonical 12 digits, 0 = missing/invalid
/// ```
///
/// - Complexity: O(1) per accessor; memory about 60 bytes per row plus name bytes.
public struct FeatureTable: Sendable {
    /// The number of records.
    public private(set) var count: Int = 0
    /// Folded first name (å/ä→a, ö→o, ...), one byte per letter.
    public var firstFolded = ByteColumn()
    /// Exact first name (å, ä, ö kept), one byte per letter (Latin-1).
    public var firstExact = ByteColumn()
    /// Folded last name.
    public var lastFolded = ByteColumn()
    /// Exact last name.
    public var lastExact = ByteColumn()
    /// Normalised street name (abbreviations expanded), folded.
    public var street = ByteColumn()
    /// Phonetic key of the first name's first token (0 = missing).
    public var firstPhonetic: [UInt64] = []
    /// Phonetic key of the last name (0 = missing).
    public var lastPhonetic: [UInt64] = []
    /// Hash of the exact first name, for term frequencies (0 = missing).
    public var firstHash: [UInt64] = []
    /// Hash of the exact last name, for term frequencies (0 = missing).
    public var lastHash: [UInt64] = []
    /// Canonical 12-digit personnummer or samordningsnummer (0 = missing or invalid).
    public var personnummer: [Int64] = []
    /// Canonical E.164 phone number as an integer (0 = missing or invalid).
    public var phone: [Int64] = []
    /// Hash of the normalised e-mail address (0 = missing or invalid).
    public var emailHash: [UInt64] = []
    /// Five-digit postal code (0 = missing).
    public var postalCode: [Int32] = []
    /// House number (0 = missing).
    public var houseNumber: [Int32] = []
    /// Birth date as yyyymmdd (0 = missing); taken from the personnummer when no date column exists.
    public var birthDate: [Int32] = []
    /// Hash of the folded city name (0 = missing).
    public var cityHash: [UInt64] = []
    /// Which source a record came from (0 for dedupe; 0 = A, 1 = B for link).
    public var source: [UInt8] = []
    /// A generic identifier (`IdentifierValue`: digits with their count, or a hash of other text; 0 = missing).
    public var identifier: [Int64] = []
    /// Organisationsnummer as 10 digits (a sole trader's personnummer-shaped one too; 0 = missing or invalid).
    public var organisationsnummer: [Int64] = []
    /// Gender (`GenderValue`: 1 man, 2 woman, 0 = missing or not recognised).
    public var gender: [UInt8] = []
    /// Company name with its legal form stripped (`CompanyName`), folded.
    public var company = ByteColumn()
    /// Hash of the stripped company name (0 = missing).
    public var companyHash: [UInt64] = []
    /// Hash of the stripped company name's first word (0 = missing).
    public var companyToken: [UInt64] = []
    /// The declared columns (`MatchSettings.extraColumns`) in the settings' order; empty when none.
    public var extraColumns: [ExtraFeatureColumn] = []
    /// Their values (`ExtraValue`), row-major: row `r`'s value of column `k` is at `r * extraColumns.count + k`.
    public var extraValues: [UInt64] = []
    /// The word hashes of the text columns, row-major: `textStride` per row, `ExtraValue.tokenSlots` per column.
    public var extraTokens: [UInt32] = []

    /// The word hashes per row of all text columns together.
    public var textStride: Int { extraColumns.lazy.filter { $0.kind == .text }.count * ExtraValue.tokenSlots }

    /// Row `row`'s value of declared column `k` (0 = missing).
    @inlinable public func extraValue(_ row: Int, _ k: Int) -> UInt64 { extraValues[row &* extraColumns.count &+ k] }

    /// Creates an empty table with room for `capacity` rows.
    public init(capacity: Int = 0) {
        reserve(capacity)
    }

    /// Reserves room for `capacity` rows in every numeric column.
    public mutating func reserve(_ capacity: Int) {
        firstPhonetic.reserveCapacity(capacity)
        lastPhonetic.reserveCapacity(capacity)
        firstHash.reserveCapacity(capacity)
        lastHash.reserveCapacity(capacity)
        personnummer.reserveCapacity(capacity)
        phone.reserveCapacity(capacity)
        emailHash.reserveCapacity(capacity)
        postalCode.reserveCapacity(capacity)
        houseNumber.reserveCapacity(capacity)
        birthDate.reserveCapacity(capacity)
        cityHash.reserveCapacity(capacity)
        source.reserveCapacity(capacity)
        identifier.reserveCapacity(capacity)
        organisationsnummer.reserveCapacity(capacity)
        gender.reserveCapacity(capacity)
        companyHash.reserveCapacity(capacity)
        companyToken.reserveCapacity(capacity)
        firstFolded.reserve(rows: capacity, bytes: capacity * 6)
        firstExact.reserve(rows: capacity, bytes: capacity * 6)
        lastFolded.reserve(rows: capacity, bytes: capacity * 8)
        lastExact.reserve(rows: capacity, bytes: capacity * 8)
        street.reserve(rows: capacity, bytes: capacity * 10)
    }

    /// One record's features, already normalised (used by `FeatureBuilder` and by tests).
    public struct Row: Sendable {
        public var firstFolded: [UInt8] = []
        public var firstExact: [UInt8] = []
        public var lastFolded: [UInt8] = []
        public var lastExact: [UInt8] = []
        public var street: [UInt8] = []
        public var firstPhonetic: UInt64 = 0
        public var lastPhonetic: UInt64 = 0
        public var personnummer: Int64 = 0
        public var phone: Int64 = 0
        public var emailHash: UInt64 = 0
        public var postalCode: Int32 = 0
        public var houseNumber: Int32 = 0
        public var birthDate: Int32 = 0
        public var cityHash: UInt64 = 0
        public var source: UInt8 = 0
        public var identifier: Int64 = 0
        public var organisationsnummer: Int64 = 0
        public var gender: UInt8 = 0
        public var company: [UInt8] = []
        public init() {}
    }

    /// Appends one record (a cold path for tests; `FeatureBuilder` fills columns directly).
    public mutating func append(_ row: Row) {
        firstFolded.append(row.firstFolded)
        firstExact.append(row.firstExact.isEmpty ? row.firstFolded : row.firstExact)
        lastFolded.append(row.lastFolded)
        lastExact.append(row.lastExact.isEmpty ? row.lastFolded : row.lastExact)
        street.append(row.street)
        firstPhonetic.append(row.firstPhonetic)
        lastPhonetic.append(row.lastPhonetic)
        firstHash.append(
            row.firstExact.isEmpty && row.firstFolded.isEmpty ? 0 : XXH3.hash(row.firstFolded, seed: 11) | 1)
        lastHash.append(row.lastExact.isEmpty && row.lastFolded.isEmpty ? 0 : XXH3.hash(row.lastFolded, seed: 12) | 1)
        personnummer.append(row.personnummer)
        phone.append(row.phone)
        emailHash.append(row.emailHash)
        postalCode.append(row.postalCode)
        houseNumber.append(row.houseNumber)
        birthDate.append(row.birthDate)
        cityHash.append(row.cityHash)
        source.append(row.source)
        identifier.append(row.identifier)
        organisationsnummer.append(row.organisationsnummer)
        gender.append(row.gender)
        extraValues += repeatElement(0, count: extraColumns.count)
        extraTokens += repeatElement(0, count: textStride)
        company.append(row.company)
        companyHash.append(row.company.isEmpty ? 0 : XXH3.hash(row.company, seed: 15) | 1)
        companyToken.append(CompanyName.firstTokenHash(row.company))
        count += 1
    }

    /// Appends all rows of `other` (link mode: A then B), keeping their `source` values.
    public mutating func append(contentsOf other: FeatureTable) {
        firstFolded.append(contentsOf: other.firstFolded)
        firstExact.append(contentsOf: other.firstExact)
        lastFolded.append(contentsOf: other.lastFolded)
        lastExact.append(contentsOf: other.lastExact)
        street.append(contentsOf: other.street)
        firstPhonetic += other.firstPhonetic
        lastPhonetic += other.lastPhonetic
        firstHash += other.firstHash
        lastHash += other.lastHash
        personnummer += other.personnummer
        phone += other.phone
        emailHash += other.emailHash
        postalCode += other.postalCode
        houseNumber += other.houseNumber
        birthDate += other.birthDate
        cityHash += other.cityHash
        source += other.source
        identifier += other.identifier
        organisationsnummer += other.organisationsnummer
        gender += other.gender
        if count == 0 && extraColumns.isEmpty { extraColumns = other.extraColumns }
        if extraColumns == other.extraColumns {
            extraValues += other.extraValues
            extraTokens += other.extraTokens
        } else {
            appendDeclared(of: other)
        }
        company.append(contentsOf: other.company)
        companyHash += other.companyHash
        companyToken += other.companyToken
        count += other.count
    }

    /// Appends the declared-column values of `other`, whose declarations differ (features stored before a
    /// column was declared): a column of this table that `other` lacks is missing in its rows.
    mutating func appendDeclared(of other: FeatureTable) {
        let k = extraColumns.count, stride = textStride, ok = other.extraColumns.count, ostride = other.textStride
        let source = extraColumns.map { c in other.extraColumns.firstIndex { $0.name == c.name && $0.kind == c.kind } }
        extraValues.reserveCapacity(extraValues.count + other.count * k)
        for r in 0..<other.count {
            for j in 0..<k { extraValues.append(source[j].map { other.extraValues[r * ok + $0] } ?? 0) }
            var words = [UInt32](repeating: 0, count: stride)
            for j in 0..<k where extraColumns[j].kind == .text {
                guard let o = source[j] else { continue }
                let from = r * ostride + other.extraColumns[o].tokenOffset, to = extraColumns[j].tokenOffset
                for t in 0..<ExtraValue.tokenSlots { words[to + t] = other.extraTokens[from + t] }
            }
            extraTokens += words
        }
    }

    /// Sets every row's source to `value`.
    public mutating func setSource(_ value: UInt8) {
        for i in source.indices { source[i] = value }
    }

    /// Marks the table as holding `count` rows after its columns were filled directly.
    public mutating func _setCount(_ n: Int) {
        precondition(
            firstPhonetic.count == n && personnummer.count == n && source.count == n
                && firstFolded.rowCount == n && street.rowCount == n && identifier.count == n
                && organisationsnummer.count == n && gender.count == n && company.rowCount == n
                && companyHash.count == n
                && companyToken.count == n && extraValues.count == n * extraColumns.count
                && extraTokens.count == n * textStride, "feature columns disagree on row count")
        count = n
    }
}

/// A declared column as the feature table holds it: its name and kind, and where its word hashes sit.
public struct ExtraFeatureColumn: Sendable, Hashable {
    public var name: String
    public var kind: ExtraColumn.Kind
    /// Text columns: the offset of this column's word hashes inside a row's `textStride`; -1 otherwise.
    public var tokenOffset: Int

    public init(name: String, kind: ExtraColumn.Kind, tokenOffset: Int) {
        self.name = name
        self.kind = kind
        self.tokenOffset = tokenOffset
    }
}

/// Variable-length bytes for every row in one arena: row `r` is `bytes[offsets[r]..<offsets[r+1]]`.
public struct ByteColumn: Sendable {
    /// The concatenated bytes of every row.
    public var bytes: [UInt8] = []
    /// `rowCount + 1` offsets into `bytes`.
    public var offsets: [UInt32] = [0]

    public init() {}

    /// The number of rows stored.
    @inlinable public var rowCount: Int { offsets.count - 1 }

    /// Reserves room for `rows` rows holding `bytes` bytes in total.
    public mutating func reserve(rows: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(rows + 1)
        bytes.reserveCapacity(byteCount)
    }

    /// Appends one row's bytes.
    @inlinable public mutating func append(_ value: [UInt8]) {
        bytes.append(contentsOf: value)
        offsets.append(UInt32(bytes.count))
    }

    /// Appends one row's bytes from a buffer.
    @inlinable public mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
        offsets.append(UInt32(bytes.count))
    }

    /// Appends one row's bytes from a slice (no intermediate array).
    @inlinable public mutating func append(_ value: ArraySlice<UInt8>) {
        bytes.append(contentsOf: value)
        offsets.append(UInt32(bytes.count))
    }

    /// Row `r`'s bytes as a slice of the arena (no copy).
    @inlinable public func slice(_ r: Int) -> ArraySlice<UInt8> { bytes[Int(offsets[r])..<Int(offsets[r + 1])] }

    /// Appends all rows of another column.
    public mutating func append(contentsOf other: ByteColumn) {
        let base = UInt32(bytes.count)
        bytes += other.bytes
        offsets.reserveCapacity(offsets.count + other.rowCount)
        for i in 1..<other.offsets.count { offsets.append(base + other.offsets[i]) }
    }

    /// The length of row `r` in bytes.
    @inlinable @inline(__always)
    public func length(_ r: Int) -> Int { Int(offsets[r + 1] &- offsets[r]) }

    /// Row `r` as an array (cold path).
    public func row(_ r: Int) -> [UInt8] { Array(bytes[Int(offsets[r])..<Int(offsets[r + 1])]) }
}
