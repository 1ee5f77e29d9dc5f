/// Counts of scored pairs by match weight in bins of equal width, split by the decision each pair got:
/// below the review threshold (not a match), in the review band, a match.
///
/// The engine fills it from every candidate pair before pairs below the review threshold are dropped,
/// so a run report can show the whole distribution (the two humps of non-matches and matches) without
/// keeping one weight per pair. Bin `i` holds weights in `lower + i·width ..< lower + (i+1)·width`;
/// weights outside `WeightHistogram.range` are counted in the first or last bin.
/// - Complexity: O(pairs) to build; 3 × bins integers (at most 121 bins of width 1).
public struct WeightHistogram: Codable, Sendable, Equatable {
    /// The lower edge of the first bin.
    public var lower: Double
    /// The width of every bin (log2 odds).
    public var width: Double
    /// Pairs below the review threshold, per bin.
    public var nonMatch: [Int]
    /// Pairs in the review band, per bin.
    public var review: [Int]
    /// Matches, per bin.
    public var match: [Int]

    /// Weights below and above this range are counted in the end bins.
    public static let range: ClosedRange<Double> = -60...60

    /// An empty histogram with `bins` bins from `lower`.
    public init(lower: Double, width: Double, bins: Int) {
        self.lower = lower
        self.width = width
        nonMatch = [Int](repeating: 0, count: bins)
        review = nonMatch
        match = nonMatch
    }

    /// The histogram of `weights` in bins of width 1 between the lowest and highest weight (clamped to
    /// `range`), each weight counted under its decision at `reviewThreshold` and `matchThreshold`.
    public init(weights: [Float], reviewThreshold: Double, matchThreshold: Double) {
        var lo = Float.infinity, hi = -Float.infinity
        for w in weights where w.isFinite {
            lo = min(lo, w)
            hi = max(hi, w)
        }
        guard lo <= hi else {
            self.init(lower: 0, width: 1, bins: 0)
            return
        }
        // Both ends clamped into the range, so that weights all above it (identical records weigh more
        // than 60) or all below it still give at least one bin.
        func clamped(_ x: Float) -> Double { min(Self.range.upperBound, max(Self.range.lowerBound, Double(x).rounded(.down))) }
        let first = clamped(lo)
        let last = clamped(hi)
        let bins = Int(last - first) + 1
        self.init(lower: first, width: 1, bins: bins)
        let review = Float(reviewThreshold), match = Float(matchThreshold)
        for w in weights where w.isFinite {
            let i = bin(of: Double(w))
            if w >= match { self.match[i] += 1 } else if w >= review { self.review[i] += 1 } else { nonMatch[i] += 1 }
        }
    }

    /// Number of bins.
    public var bins: Int { match.count }

    /// The bin that counts `weight` (end bins for weights outside the histogram).
    public func bin(of weight: Double) -> Int {
        guard bins > 0 else { return 0 }
        let i = Int(((weight - lower) / width).rounded(.down))
        return min(bins - 1, max(0, i))
    }

    /// Pairs counted in all bins.
    public var total: Int { nonMatch.reduce(0, +) + review.reduce(0, +) + match.reduce(0, +) }
}
