import Dubblett
import Foundation

/// Interns the byte values of one `RecordStore` column into dense ids `0..<count` without building
/// a `String` per row: open addressing (linear probing) on XXH3-64 hashes, keys compared as bytes
/// in the store.
///
/// - Complexity: O(1) expected per lookup; memory 4 bytes per slot (2 × capacity slots) plus 12 bytes
///   per distinct value.
struct FieldInterner {
    let store: RecordStore
    let column: Int
    private var slots: [Int32]
    private var hashes: [UInt64] = []
    /// The store row where each distinct value was first seen.
    private(set) var firstRow: [Int32] = []
    private let mask: Int

    /// An interner for up to `capacity` distinct values of `column`.
    init(store: RecordStore, column: Int, capacity: Int) {
        self.store = store
        self.column = column
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        hashes.reserveCapacity(capacity)
        firstRow.reserveCapacity(capacity)
    }

    /// Number of distinct values.
    var count: Int { firstRow.count }

    /// The dense id of row `row`'s value, adding it when new.
    mutating func intern(row: Int) -> (id: Int32, inserted: Bool) {
        let bytes = store.field(row: row, column: column)
        let h = XXH3.hash(bytes, seed: 0x6576_616C)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s < 0 {
                slots[i] = Int32(firstRow.count)
                hashes.append(h)
                firstRow.append(Int32(row))
                return (slots[i], true)
            }
            if hashes[Int(s)] == h, equal(store.field(row: Int(firstRow[Int(s)]), column: column), bytes) {
                return (s, false)
            }
            i = (i + 1) & mask
        }
    }

    /// The dense id of `bytes` if interned.
    func find(_ bytes: UnsafeRawBufferPointer) -> Int32? {
        let h = XXH3.hash(bytes, seed: 0x6576_616C)
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[i]
            if s < 0 { return nil }
            if hashes[Int(s)] == h, equal(store.field(row: Int(firstRow[Int(s)]), column: column), bytes) {
                return s
            }
            i = (i + 1) & mask
        }
    }

    @inline(__always)
    private func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }
}
