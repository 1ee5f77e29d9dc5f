/// DubblettSimilarity: string similarity kernels over bytes (Jaro-Winkler, Damerau-Levenshtein,
/// Swedish phonetic keys). No dependencies; usable on its own.
public enum DubblettSimilarity {}
