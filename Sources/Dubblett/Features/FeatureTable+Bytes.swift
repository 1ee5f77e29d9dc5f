/// A feature table as bytes, for stores that keep a register's features between runs.
///
/// Layout: the magic `DBFT`, a format version (UInt32), then every column in a fixed order, each as
/// its element count (UInt64) followed by its elements in native byte order (byte columns: offsets,
/// then bytes). Loading is a copy per column, no per-row work.
extension FeatureTable {
    /// The format version written by `serialized()`. `init(serialized:)` also reads the versions listed in
    /// `readableVersions` (a column an older version lacks reads as missing), and refuses any other.
    ///
    /// Version 1 had no gender column; version 2 adds it and the declared columns (`extraColumns`: their count,
    /// then per column its name's length and UTF-8 bytes and its kind's length and bytes; then `extraValues`
    /// and `extraTokens`).
    public static let serializedVersion: UInt32 = 2
    /// The versions `init(serialized:)` reads: stores written by an older Dubblett open without a rebuild.
    public static let readableVersions: ClosedRange<UInt32> = 1...serializedVersion

    /// The table as bytes (see the type's layout).
    /// - Complexity: O(size of the table).
    public func serialized() -> [UInt8] { serialized(rows: 0..<count) }

    /// Rows `rows` of the table as bytes: `init(serialized:)` reads them back as a table of `rows.count` rows.
    /// - Complexity: O(size of those rows).
    public func serialized(rows: Range<Int>) -> [UInt8] {
        precondition(rows.lowerBound >= 0 && rows.upperBound <= count, "rows out of range")
        var out: [UInt8] = Array("DBFT".utf8)
        withUnsafeBytes(of: Self.serializedVersion.littleEndian) { out.append(contentsOf: $0) }
        func numeric<T: FixedWidthInteger>(_ column: [T]) {
            withUnsafeBytes(of: UInt64(rows.count).littleEndian) { out.append(contentsOf: $0) }
            column.withUnsafeBytes {
                out.append(contentsOf: $0[rows.lowerBound * MemoryLayout<T>.stride..<rows.upperBound * MemoryLayout<T>.stride])
            }
        }
        func bytes(_ c: ByteColumn) {
            let base = c.offsets[rows.lowerBound]
            let offsets = c.offsets[rows.lowerBound...rows.upperBound].map { $0 - base }
            withUnsafeBytes(of: UInt64(offsets.count).littleEndian) { out.append(contentsOf: $0) }
            offsets.withUnsafeBytes { out.append(contentsOf: $0) }
            let data = c.bytes[Int(base)..<Int(c.offsets[rows.upperBound])]
            withUnsafeBytes(of: UInt64(data.count).littleEndian) { out.append(contentsOf: $0) }
            out.append(contentsOf: data)
        }
        bytes(firstFolded)
        bytes(firstExact)
        bytes(lastFolded)
        bytes(lastExact)
        bytes(street)
        numeric(firstPhonetic)
        numeric(lastPhonetic)
        numeric(firstHash)
        numeric(lastHash)
        numeric(personnummer)
        numeric(phone)
        numeric(emailHash)
        numeric(postalCode)
        numeric(houseNumber)
        numeric(birthDate)
        numeric(cityHash)
        numeric(source)
        numeric(identifier)
        numeric(organisationsnummer)
        numeric(gender)
        withUnsafeBytes(of: UInt64(extraColumns.count).littleEndian) { out.append(contentsOf: $0) }
        for c in extraColumns {
            for text in [c.name, c.kind.rawValue] {
                withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { out.append(contentsOf: $0) }
                out.append(contentsOf: text.utf8)
            }
        }
        let k = extraColumns.count, stride = textStride
        withUnsafeBytes(of: UInt64(rows.count * k).littleEndian) { out.append(contentsOf: $0) }
        extraValues.withUnsafeBytes { out.append(contentsOf: $0[rows.lowerBound * k * 8..<rows.upperBound * k * 8]) }
        withUnsafeBytes(of: UInt64(rows.count * stride).littleEndian) { out.append(contentsOf: $0) }
        extraTokens.withUnsafeBytes {
            out.append(contentsOf: $0[rows.lowerBound * stride * 4..<rows.upperBound * stride * 4])
        }
        bytes(company)
        numeric(companyHash)
        numeric(companyToken)
        return out
    }

    /// A table from `serialized()` bytes.
    /// - Throws: `FeatureTableFormatError` when the bytes are not a table of this version.
    public init(serialized bytes: UnsafeRawBufferPointer) throws {
        self.init()
        guard bytes.count >= 8, Array(bytes[0..<4]) == Array("DBFT".utf8) else { throw FeatureTableFormatError(reason: "no DBFT header") }
        let version = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        guard Self.readableVersions.contains(version) else {
            throw FeatureTableFormatError(
                reason: "format version \(version), this Dubblett reads versions \(Self.readableVersions.lowerBound) to "
                    + "\(Self.serializedVersion) (written by a newer Dubblett? use that version or rebuild the store)")
        }
        var reader = _FeatureBytesReader(bytes: bytes, position: 8)
        try reader.read(&firstFolded)
        try reader.read(&firstExact)
        try reader.read(&lastFolded)
        try reader.read(&lastExact)
        try reader.read(&street)
        firstPhonetic = try reader.read()
        lastPhonetic = try reader.read()
        firstHash = try reader.read()
        lastHash = try reader.read()
        personnummer = try reader.read()
        phone = try reader.read()
        emailHash = try reader.read()
        postalCode = try reader.read()
        houseNumber = try reader.read()
        birthDate = try reader.read()
        cityHash = try reader.read()
        source = try reader.read()
        identifier = try reader.read()
        organisationsnummer = try reader.read()
        if version >= 2 {
            gender = try reader.read()
            let declared: [UInt64] = try reader.readCount()
            var tokens = 0
            for _ in 0..<declared[0] {
                let name: [UInt8] = try reader.read()
                let kindText: [UInt8] = try reader.read()
                guard let kind = ExtraColumn.Kind(rawValue: String(decoding: kindText, as: UTF8.self)) else {
                    throw FeatureTableFormatError(reason: "unknown column kind")
                }
                extraColumns.append(
                    ExtraFeatureColumn(
                        name: String(decoding: name, as: UTF8.self), kind: kind, tokenOffset: kind == .text ? tokens : -1))
                if kind == .text { tokens += ExtraValue.tokenSlots }
            }
            extraValues = try reader.read()
            extraTokens = try reader.read()
        } else {
            gender = [UInt8](repeating: 0, count: firstPhonetic.count)
        }
        try reader.read(&company)
        companyHash = try reader.read()
        companyToken = try reader.read()
        guard reader.position == bytes.count else { throw FeatureTableFormatError(reason: "trailing bytes") }
        let n = firstPhonetic.count
        guard personnummer.count == n, source.count == n, firstFolded.rowCount == n, street.rowCount == n,
            identifier.count == n, organisationsnummer.count == n, gender.count == n, company.rowCount == n,
            companyHash.count == n, companyToken.count == n, extraValues.count == n * extraColumns.count,
            extraTokens.count == n * textStride
        else { throw FeatureTableFormatError(reason: "columns disagree on row count") }
        _setCount(n)
    }

    /// Erases row `r`'s features in place: numbers and keys become 0 and name bytes become zero bytes,
    /// so no value of the record survives in the table (the row keeps its position).
    public mutating func erase(row r: Int) {
        func wipe(_ c: inout ByteColumn) {
            for i in Int(c.offsets[r])..<Int(c.offsets[r + 1]) { c.bytes[i] = 0 }
        }
        wipe(&firstFolded)
        wipe(&firstExact)
        wipe(&lastFolded)
        wipe(&lastExact)
        wipe(&street)
        wipe(&company)
        firstPhonetic[r] = 0
        lastPhonetic[r] = 0
        firstHash[r] = 0
        lastHash[r] = 0
        personnummer[r] = 0
        phone[r] = 0
        emailHash[r] = 0
        postalCode[r] = 0
        houseNumber[r] = 0
        birthDate[r] = 0
        if r < cityHash.count { cityHash[r] = 0 }
        identifier[r] = 0
        organisationsnummer[r] = 0
        gender[r] = 0
        for k in 0..<extraColumns.count { extraValues[r * extraColumns.count + k] = 0 }
        let stride = textStride
        for k in 0..<stride { extraTokens[r * stride + k] = 0 }
        companyHash[r] = 0
        companyToken[r] = 0
    }
}

/// Bytes that are not a serialized feature table of this version.
public struct FeatureTableFormatError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { "stored features are unreadable: \(reason)" }
}

struct _FeatureBytesReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int

    mutating func read<T: FixedWidthInteger>() throws -> [T] {
        guard position + 8 <= bytes.count else { throw FeatureTableFormatError(reason: "truncated") }
        let n = Int(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)))
        position += 8
        let size = n.multipliedReportingOverflow(by: MemoryLayout<T>.stride)
        guard !size.overflow, n >= 0, position + size.partialValue <= bytes.count else {
            throw FeatureTableFormatError(reason: "truncated")
        }
        let out = [T](unsafeUninitializedCapacity: n) { buffer, count in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(
                from: UnsafeRawBufferPointer(rebasing: bytes[position..<position + size.partialValue]))
            count = n
        }
        position += size.partialValue
        return out
    }

    /// One UInt64 (a count written on its own), as a one-element array.
    mutating func readCount() throws -> [UInt64] {
        guard position + 8 <= bytes.count else { throw FeatureTableFormatError(reason: "truncated") }
        let n = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
        position += 8
        guard n <= UInt64(ExtraColumn.limit) else { throw FeatureTableFormatError(reason: "too many declared columns") }
        return [n]
    }

    mutating func read(_ column: inout ByteColumn) throws {
        let offsets: [UInt32] = try read()
        let data: [UInt8] = try read()
        guard let last = offsets.last, Int(last) == data.count else { throw FeatureTableFormatError(reason: "bad offsets") }
        column = ByteColumn(bytes: data, offsets: offsets)
    }
}
