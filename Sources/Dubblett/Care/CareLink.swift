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
        var context = RunContext(workers: workers)
        if let progress { context.progress = { event in if let line = event.detail { progress(line) } } }
        // The engine's own link steps (register care also needs the features). A fresh token that no one
        // can cancel: the steps cannot throw `RunCancelled`, their only error.
        let features = try! Pipeline.buildFeatures([register, reference], settings: settings, context: context)
        let output = try! Pipeline.match(features, settings: settings, linkOnly: true, context: context)
        return Result(features: features, pairs: output.pairs, weights: output.weights, report: output.report)
    }
}
