/// The one place register care calls the matching engine: link a register (source 0) to a reference
/// extract (source 1) and return every scored cross pair at or above the review threshold.
///
/// Kept in one small function so the engine's entry point can be re-pointed in one place.
public enum CareLink {
    /// The features of both files (register rows first) and the kept cross pairs with their weights.
    public struct Result: Sendable {
        public var features: FeatureTable
        public var pairs: [UInt64]
        public var weights: [Float]
        public var report: RunReport
    }

    /// Links `register` to `reference` with the engine's link mode (`linkOnly`: only cross-file pairs).
    public static func run(
        register: RecordStore, reference: RecordStore, settings: MatchSettings, workers: Int,
        progress: Pipeline.Progress? = nil
    ) -> Result {
        var features = FeatureBuilder.build(register, workers: workers, source: 0, settings: settings)
        features.append(contentsOf: FeatureBuilder.build(reference, workers: workers, source: 1, settings: settings))
        let output = Pipeline.run(features, settings: settings, linkOnly: true, workers: workers, progress: progress)
        return Result(features: features, pairs: output.pairs, weights: output.weights, report: output.report)
    }
}
