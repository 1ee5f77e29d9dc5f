/// The status of one normalised field, packed in a byte: valid, empty, or invalid with the problem's raw value.
///
/// `0` valid, `1` empty, `2 + problem.rawValue` invalid (the problem enum depends on the column kind).
public struct FieldStatus: RawRepresentable, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// A usable value.
    public static let valid = FieldStatus(rawValue: 0)
    /// Empty or white space only.
    public static let empty = FieldStatus(rawValue: 1)
    /// Suspicious: an e-mail provider typo (value kept), an ambiguous date (value 0).
    public static let suspicious = FieldStatus(rawValue: 0xFF)
    /// Invalid with the problem whose raw value is `problem`.
    @inlinable public static func invalid(_ problem: UInt8) -> FieldStatus { FieldStatus(rawValue: 2 &+ problem) }
    /// The problem's raw value when invalid, else nil.
    @inlinable public var problem: UInt8? { rawValue >= 2 && rawValue != 0xFF ? rawValue - 2 : nil }
}

/// Normalised text for a whole column: one arena of bytes plus `count + 1` offsets.
///
/// ```
/// bytes:   [a n n a|e r i k|      |s v e n]     field 2 is empty
/// offsets:  0       4       8      8       12
/// ```
public struct NormalisedTextColumn: Sendable {
    /// All fields' bytes, back to back.
    public var bytes: [UInt8]
    /// Field `i` is `bytes[offsets[i]..<offsets[i + 1]]`.
    public var offsets: [UInt32]

    /// Number of fields.
    public var count: Int { offsets.count - 1 }

    /// Byte range of field `row` in `bytes`.
    @inlinable public func range(_ row: Int) -> Range<Int> { Int(offsets[row])..<Int(offsets[row + 1]) }

    /// Calls `body` with the bytes of field `row`.
    @inlinable
    public func withField<R>(_ row: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let r = range(row)
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[r])) }
    }
}

/// Column-at-a-time normalisation for the feature builder: every row of a column in one parallel call.
///
/// `field(row)` returns the raw UTF-8 bytes of the column's field in `row` (for example
/// `store.field(row:column:)`); it must be safe to call from several threads. Work is split into
/// `4 × workers` chunks on Dispatch workers; each chunk writes only its own slice (numbers) or its own
/// arena (text), merged once at the end. No allocation per field.
public enum ColumnNormaliser {
    /// Names (or any free text) in the NameNormaliser alphabet.
    /// - Complexity: O(total bytes); one arena per chunk plus the merged result.
    public static func names(
        count: Int, folded: Bool, workers: Int = Parallel.defaultWorkers,
        field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> NormalisedTextColumn {
        text(count: count, workers: workers, maxExpansion: 1, field: field) { input, out in
            NameNormaliser.normalise(input, into: out, folded: folded)
        }
    }

    /// Street names (abbreviations expanded) plus house number, letter and lägenhetsnummer per row.
    public static func streets(
        count: Int, folded: Bool, workers: Int = Parallel.defaultWorkers,
        field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> (names: NormalisedTextColumn, parts: [StreetParts]) {
        var parts = [StreetParts](repeating: StreetParts(), count: count)
        let names = parts.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            return text(count: count, workers: workers, maxExpansion: 3, field: field) { input, out, row in
                let p = StreetAddress.parse(input, into: out, folded: folded)
                shared.value[row] = p
                return p.nameLength
            }
        }
        return (names, parts)
    }

    /// E-mail addresses (trimmed, lower-cased) and their status (`.suspicious` for provider typos).
    public static func emails(
        count: Int, workers: Int = Parallel.defaultWorkers, field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> (addresses: NormalisedTextColumn, status: [FieldStatus]) {
        var status = [FieldStatus](repeating: .empty, count: count)
        let addresses = status.withUnsafeMutableBufferPointer { buffer in
            let shared = UnsafeSendable(buffer)
            return text(count: count, workers: workers, maxExpansion: 1, field: field) { input, out, row in
                switch EmailAddress.normalise(input, into: out) {
                case .valid(let n): shared.value[row] = .valid; return n
                case .suspectedTypo(let n, _): shared.value[row] = .suspicious; return n
                case .invalid(let p): shared.value[row] = .invalid(p.rawValue); return 0
                case .empty: shared.value[row] = .empty; return 0
                }
            }
        }
        return (addresses, status)
    }

    /// Personnummer as canonical 12-digit integers (0 where empty or invalid) and their status.
    public static func personnummer(
        count: Int, referenceDate: Int32, workers: Int = Parallel.defaultWorkers,
        field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> (values: [Int64], status: [FieldStatus]) {
        numbers(count: count, workers: workers, field: field) { input in
            switch Personnummer.parse(input, referenceDate: referenceDate) {
            case .valid(let c, _): (c, .valid)
            case .invalid(let p): (0, .invalid(p.rawValue))
            case .empty: (0, .empty)
            }
        }
    }

    /// Phone numbers as E.164 integers (0 where empty or invalid) and their status.
    public static func phones(
        count: Int, workers: Int = Parallel.defaultWorkers, field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> (values: [Int64], status: [FieldStatus]) {
        numbers(count: count, workers: workers, field: field) { input in
            switch PhoneNumber.parse(input) {
            case .valid(let e, _): (e, .valid)
            case .invalid(let p): (0, .invalid(p.rawValue))
            case .empty: (0, .empty)
            }
        }
    }

    /// Postal codes as integers (0 where empty or invalid) and their status.
    public static func postalCodes(
        count: Int, workers: Int = Parallel.defaultWorkers, field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> (values: [Int64], status: [FieldStatus]) {
        numbers(count: count, workers: workers, field: field) { input in
            switch PostalCode.parse(input) {
            case .valid(let v): (Int64(v), .valid)
            case .invalid(let p): (0, .invalid(p.rawValue))
            case .empty: (0, .empty)
            }
        }
    }

    /// Dates as yyyymmdd integers (0 where empty, invalid or ambiguous) and their status
    /// (ambiguous is reported as `.suspicious`).
    public static func dates(
        count: Int, referenceDate: Int32, workers: Int = Parallel.defaultWorkers,
        field: @Sendable (Int) -> UnsafeRawBufferPointer
    ) -> (values: [Int64], status: [FieldStatus]) {
        numbers(count: count, workers: workers, field: field) { input in
            switch DateParser.parse(input, referenceDate: referenceDate) {
            case .valid(let d): (Int64(d), .valid)
            case .invalid(let p): (0, .invalid(p.rawValue))
            case .ambiguous: (0, .suspicious)
            case .empty: (0, .empty)
            }
        }
    }

    // MARK: - Machinery

    static func numbers(
        count: Int, workers: Int, field: @Sendable (Int) -> UnsafeRawBufferPointer,
        parse: @Sendable (UnsafeRawBufferPointer) -> (Int64, FieldStatus)
    ) -> (values: [Int64], status: [FieldStatus]) {
        var values = [Int64](repeating: 0, count: count)
        var status = [FieldStatus](repeating: .empty, count: count)
        values.withUnsafeMutableBufferPointer { v in
            status.withUnsafeMutableBufferPointer { s in
                let out = UnsafeSendable((v, s))
                withoutActuallyEscaping(field) { field in
                    withoutActuallyEscaping(parse) { parse in
                        let fns = UnsafeSendable((field, parse))
                        Parallel.forEachChunk(count: count, workers: workers) { _, range in
                            for row in range {
                                let (value, st) = fns.value.1(fns.value.0(row))
                                out.value.0[row] = value
                                out.value.1[row] = st
                            }
                        }
                    }
                }
            }
        }
        return (values, status)
    }

    static func text(
        count: Int, workers: Int, maxExpansion: Int, field: @Sendable (Int) -> UnsafeRawBufferPointer,
        normalise: @Sendable (UnsafeRawBufferPointer, UnsafeMutableBufferPointer<UInt8>) -> Int
    ) -> NormalisedTextColumn {
        text(count: count, workers: workers, maxExpansion: maxExpansion, field: field) { input, out, _ in
            normalise(input, out)
        }
    }

    /// Text columns: each chunk fills its own arena (sized from its inputs), then the arenas are
    /// concatenated and the offsets shifted.
    static func text(
        count: Int, workers: Int, maxExpansion: Int, field: @Sendable (Int) -> UnsafeRawBufferPointer,
        normalise: @Sendable (UnsafeRawBufferPointer, UnsafeMutableBufferPointer<UInt8>, Int) -> Int
    ) -> NormalisedTextColumn {
        let chunks = Parallel.ranges(count: count, chunks: min(Parallel.maxWorkers, max(1, workers)) * 16)
        var arenas = [[UInt8]](repeating: [], count: chunks.count)
        var offsets = [UInt32](repeating: 0, count: count + 1)
        withoutActuallyEscaping(field) { field in
            withoutActuallyEscaping(normalise) { normalise in
                arenas.withUnsafeMutableBufferPointer { arenaSlots in
                    offsets.withUnsafeMutableBufferPointer { offs in
                        let shared = UnsafeSendable((arenaSlots, offs, field, normalise, chunks))
                        Parallel.forEachChunk(count: chunks.count, workers: workers, chunksPerWorker: 16) { _, ids in
                            for c in ids {
                                let rows = shared.value.4[c]
                                var capacity = 16
                                for row in rows { capacity += maxExpansion * shared.value.2(row).count + 16 }
                                var arena = [UInt8](repeating: 0, count: capacity)
                                var used = 0
                                arena.withUnsafeMutableBufferPointer { a in
                                    for row in rows {
                                        let input = shared.value.2(row)
                                        let end = min(a.count, used + maxExpansion * input.count + 16)
                                        let out = UnsafeMutableBufferPointer(rebasing: a[used..<end])
                                        used += shared.value.3(input, out, row)
                                        shared.value.1[row + 1] = UInt32(used)  // chunk-local for now
                                    }
                                }
                                arena.removeSubrange(used...)
                                shared.value.0[c] = arena
                            }
                        }
                    }
                }
            }
        }
        // Merge: shift each chunk's local offsets by the bytes of the chunks before it.
        var bytes = [UInt8]()
        bytes.reserveCapacity(arenas.reduce(0) { $0 + $1.count })
        for (c, rows) in chunks.enumerated() {
            let base = UInt32(bytes.count)
            for row in rows { offsets[row + 1] &+= base }
            bytes.append(contentsOf: arenas[c])
        }
        precondition(bytes.count <= Int(UInt32.max), "text column larger than 4 GiB")
        return NormalisedTextColumn(bytes: bytes, offsets: offsets)
    }
}
