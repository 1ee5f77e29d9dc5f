import DubblettSimilarity
import Dubblett
/// A synthetic, reproducible corpus of Swedish-looking names (4-20 letters) for benchmarks.
///
/// Built from common name parts (Lind, Berg, -sson, -qvist, …) with a SplitMix64 generator, and about
/// a third of the names are one-edit variants of an earlier one, so similar pairs occur as in a real
/// block. Contains no real person's data. Names are in the engine alphabet (lower-case Latin-1).
public struct NameCorpus: Sendable {
    /// All names back to back.
    public let bytes: [UInt8]
    /// Start offsets of the names, plus `bytes.count` at the end.
    public let offsets: [Int]

    /// The number of names.
    public var count: Int { offsets.count - 1 }

    /// Generates `count` names from `seed`.
    public init(count: Int, seed: UInt64 = 2026) {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        let heads: [[UInt8]] = ["lind", "lund", "berg", "sj\u{F6}", "ek", "holm", "ny", "s\u{F6}der", "al", "bj\u{F6}rk",
                                "gran", "str\u{F6}m", "dahl", "fors", "karl", "pers", "nils", "eriks", "anders",
                                "johans", "lars", "ols", "gustavs", "petters", "jons", "\u{E5}", "h\u{E4}g", "mattias",
                                "anna", "maria", "kristina", "eva", "margareta", "elisabeth", "ingrid", "johan"]
            .map { $0.unicodeScalars.map { UInt8($0.value) } }
        let tails: [[UInt8]] = ["son", "sson", "berg", "gren", "str\u{F6}m", "qvist", "kvist", "lund", "blad", "man",
                                "ell", "in", "\u{E9}n", "ander", "ling", "", "", "sj\u{F6}", "dal", "mark"]
            .map { $0.unicodeScalars.map { UInt8($0.value) } }
        var bytes: [UInt8] = []
        var offsets: [Int] = [0]
        var made: [[UInt8]] = []
        while made.count < count {
            var name: [UInt8]
            if made.count > 10 && next() % 3 == 0 {
                name = pick(made)
                let k = Int(next() % UInt64(name.count))
                switch next() % 3 {
                case 0: if k + 1 < name.count { name.swapAt(k, k + 1) }
                case 1: name[k] = 0x61 + UInt8(next() % 26)
                default: name.insert(name[k], at: k)
                }
            } else {
                name = pick(heads) + pick(tails)
                if next() % 4 == 0 { name += pick(tails) }
            }
            guard (4...20).contains(name.count) else { continue }
            made.append(name)
            bytes += name
            offsets.append(bytes.count)
        }
        self.bytes = bytes
        self.offsets = offsets
    }

    /// Calls `body` with a buffer view of name `index` inside `base` (the corpus bytes' buffer).
    @inlinable @inline(__always)
    public func name(_ index: Int, in base: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: base[offsets[index]..<offsets[index + 1]])
    }
}
