/// DubblettSimilarity: string similarity kernels over bytes, no dependencies, usable on their own.
///
/// Input is one byte per letter (Dubblett's normalised names are lower-case Latin-1: å = 0xE5,
/// ä = 0xE4, ö = 0xF6), but every kernel accepts any bytes 0...255. Shaped like rapidfuzz-cpp: one file
/// per metric plus `+BitParallel` / `+Bounds` files, `similarity(a, b, cutoff:)` returning 0 below the
/// cutoff, and a prepared form for one string against many.
///
/// | Kernel | Entry point |
/// |---|---|
/// | Jaro, Jaro-Winkler (prefix ≤ 4, weight 0.1, boost > 0.7) | `Jaro.similarity`, `JaroWinkler.similarity` |
/// | many arbitrary pairs, 16 per call in SIMD lanes | `JaroWinkler.similarities(count:cutoff:into:pair:)` |
/// | one against many | a bucket in blocks of 16 names: `JaroWinklerBlock` (fastest); one name of any length: `PreparedJaroWinkler(pattern).similarity(to:)` |
/// | optimal string alignment distance | `DamerauLevenshtein.distance(a, b, max:)` |
/// | best word pairing ("anna maria" ~ "maria anna") | `TokenSet.similarity` |
/// | Swedish phonetic key (SfinxBis), packed | `SwedishPhonetic.key`, `.wordKeys`, `.code` |
/// | Double Metaphone, packed | `DoubleMetaphone.keys`, `.codes` |
/// | synthetic benchmark names | `NameCorpus` (in DubblettEvaluation) |
///
/// Nothing allocates per call except the `String`-returning display helpers (`code`, `codes`) and
/// `PreparedJaroWinkler.init` / `JaroWinklerBlock.init`.
public enum DubblettSimilarity {}
