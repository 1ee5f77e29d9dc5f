/// A row-major copy of the features a comparison reads: one 128-byte record per row.
///
/// ```
/// 0   personnummer Int64     8  phone Int64        16 e-mail hash      24 first phonetic
/// 32  last phonetic          40 first exact hash   48 last exact hash  56 birth date Int32
/// 60  postal code Int32      64 house number Int32 68 lengths: first, last, street (UInt8 each)
/// 71  flags (1 = names did not fit inline)          72..<128 names inline: first, last, street
/// ```
/// Names longer than the 56 inline bytes together are read from the `FeatureTable` arenas instead.
/// The buffer is 64-byte aligned, so a record spans exactly two adjacent cache lines.
///
/// - Complexity: O(n) to build; 128 bytes per row.
public final class CompareRecords: @unchecked Sendable {
    public static let stride = 128
    static let inlineCapacity = 56
    let base: UnsafeMutableRawPointer
    let count: Int
    /// Overflow names: the table's folded arenas (kept alive by holding the table).
    let table: FeatureTable

    /// Builds the records of every row of `f`.
    public init(_ f: FeatureTable, workers: Int) {
        count = f.count
        table = f
        base = HugePages.allocate(byteCount: max(1, count) * Self.stride)
        let b = UnsafeSendable(base)
        let exactFirst = f.firstExact.hashes(seed: 21, workers: workers)
        let exactLast = f.lastExact.hashes(seed: 22, workers: workers)
        Parallel.forEachChunk(count: count, workers: workers) { _, range in
            for row in range {
                let p = b.value + row * Self.stride
                p.storeBytes(of: f.personnummer[row], toByteOffset: 0, as: Int64.self)
                p.storeBytes(of: f.phone[row], toByteOffset: 8, as: Int64.self)
                p.storeBytes(of: f.emailHash[row], toByteOffset: 16, as: UInt64.self)
                p.storeBytes(of: f.firstPhonetic[row], toByteOffset: 24, as: UInt64.self)
                p.storeBytes(of: f.lastPhonetic[row], toByteOffset: 32, as: UInt64.self)
                p.storeBytes(of: exactFirst[row], toByteOffset: 40, as: UInt64.self)
                p.storeBytes(of: exactLast[row], toByteOffset: 48, as: UInt64.self)
                p.storeBytes(of: f.birthDate[row], toByteOffset: 56, as: Int32.self)
                p.storeBytes(of: f.postalCode[row], toByteOffset: 60, as: Int32.self)
                p.storeBytes(of: f.houseNumber[row], toByteOffset: 64, as: Int32.self)
                let lf = min(255, f.firstFolded.length(row)), ll = min(255, f.lastFolded.length(row))
                let ls = min(255, f.street.length(row))
                p.storeBytes(of: UInt8(lf), toByteOffset: 68, as: UInt8.self)
                p.storeBytes(of: UInt8(ll), toByteOffset: 69, as: UInt8.self)
                p.storeBytes(of: UInt8(ls), toByteOffset: 70, as: UInt8.self)
                let fits = lf + ll + ls <= Self.inlineCapacity
                p.storeBytes(of: fits ? 0 : 1, toByteOffset: 71, as: UInt8.self)
                if fits {
                    var o = 72
                    for (col, len) in [(f.firstFolded, lf), (f.lastFolded, ll), (f.street, ls)] {
                        let s = Int(col.offsets[row])
                        col.bytes.withUnsafeBytes { raw in
                            (p + o).copyMemory(from: raw.baseAddress! + s, byteCount: len)
                        }
                        o += len
                    }
                }
            }
        }
    }

    deinit { HugePages.deallocate(base, byteCount: max(1, count) * Self.stride) }

    /// A view of one record.
    public struct Record {
        @usableFromInline let p: UnsafeRawPointer
        @inlinable init(_ p: UnsafeRawPointer) { self.p = p }

        @inlinable var personnummer: Int64 { p.loadUnaligned(fromByteOffset: 0, as: Int64.self) }
        @inlinable var phone: Int64 { p.loadUnaligned(fromByteOffset: 8, as: Int64.self) }
        @inlinable var email: UInt64 { p.loadUnaligned(fromByteOffset: 16, as: UInt64.self) }
        @inlinable var firstPhonetic: UInt64 { p.loadUnaligned(fromByteOffset: 24, as: UInt64.self) }
        @inlinable var lastPhonetic: UInt64 { p.loadUnaligned(fromByteOffset: 32, as: UInt64.self) }
        @inlinable var firstExact: UInt64 { p.loadUnaligned(fromByteOffset: 40, as: UInt64.self) }
        @inlinable var lastExact: UInt64 { p.loadUnaligned(fromByteOffset: 48, as: UInt64.self) }
        @inlinable var birthDate: Int32 { p.loadUnaligned(fromByteOffset: 56, as: Int32.self) }
        @inlinable var postalCode: Int32 { p.loadUnaligned(fromByteOffset: 60, as: Int32.self) }
        @inlinable var houseNumber: Int32 { p.loadUnaligned(fromByteOffset: 64, as: Int32.self) }
        @inlinable var overflow: Bool { p.load(fromByteOffset: 71, as: UInt8.self) != 0 }
        @inlinable var firstLength: Int { Int(p.load(fromByteOffset: 68, as: UInt8.self)) }
        @inlinable var lastLength: Int { Int(p.load(fromByteOffset: 69, as: UInt8.self)) }
        @inlinable var streetLength: Int { Int(p.load(fromByteOffset: 70, as: UInt8.self)) }

        /// Inline names (valid when `overflow` is false).
        @inlinable var first: UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: (p + 72).assumingMemoryBound(to: UInt8.self), count: firstLength)
        }
        @inlinable var last: UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(start: (p + 72 + firstLength).assumingMemoryBound(to: UInt8.self), count: lastLength)
        }
        @inlinable var street: UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(
                start: (p + 72 + firstLength + lastLength).assumingMemoryBound(to: UInt8.self),
                count: streetLength)
        }
    }
}
