import ArgumentParser
import Dubblett
import Foundation

/// `dubblett link`: match the records of one register against another.
struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link two registers: each record of the first gets its best match in the second.",
        discussion: """
            Only pairs with one record from each file are compared. Writes to --out:
              links.csv      id_a,id_b,match_weight,match_probability: the best match in B per record of A
              pairs.csv      every matched pair with each field's level and weight
              review.csv     cross-file pairs in the review band
              summary.json   counts and time per stage, the blocking report, the model

            Example:
              dubblett link kunder.csv spar-utdrag.csv --out länkar

            Limits, warnings and exit status are those of `dubblett dedupe` (see its help).
            """
    )

    @Argument(help: "Register A (every record gets its best match in B).")
    var fileA: String

    @Argument(help: "Register B.")
    var fileB: String

    @OptionGroup var options: MatchOptions

    func run() throws {
        try options.reportingSettingsErrors(runChecked)
    }

    func runChecked() throws {
        let settings = try options.matchSettings()
        let model = try options.model.map { try MatchModel.load(from: $0) }
        let progress = options.progress()
        let workers = options.workerCount
        var clock = Stopwatch()
        let a = try CSVReader.read(path: fileA, options: options.readOptions(settings))
        let b = try CSVReader.read(path: fileB, options: options.readOptions(settings))
        let readTime = clock.lap()
        var features = FeatureBuilder.build(a, workers: workers, source: 0, settings: settings)
        features.append(contentsOf: FeatureBuilder.build(b, workers: workers, source: 1, settings: settings))
        let featureTime = clock.lap()
        progress?("read \(a.rowCount) + \(b.rowCount) rows; features in \(RunReportFormat.ms(featureTime))")
        var output = Pipeline.run(
            features, settings: settings, model: model, linkOnly: true, workers: workers,
            progress: progress)
        _ = clock.lap()
        output.report.recordInputStages(read: readTime, features: featureTime)
        options.warn(output.report)
        let dir = try options.outputDirectory()
        let ids = RecordIdentifiers.of(a, b)
        try MatchWriters.writeLinks(to: dir + "/links.csv", output: output, ids: ids)
        let match = Float(settings.matchThreshold)
        _ = try MatchWriters.writePairs(
            to: dir + "/pairs.csv", output: output, rules: settings.blockingRules, ids: ids,
            include: { $0 >= match })
        _ = try MatchWriters.writePairs(
            to: dir + "/review.csv", output: output, rules: settings.blockingRules, ids: ids,
            include: { $0 < match })
        if let path = options.saveModel { try output.model.save(to: path) }
        output.report.time("write", clock.lap())
        try MatchWriters.writeSummary(
            to: dir + "/summary.json",
            RunSummaryFile(
                input: fileA + " + " + fileB,
                report: output.report, truth: nil))
        for line in output.report.lines() { print(line) }
        print("output             \(dir)/ (links.csv, pairs.csv, review.csv, summary.json)")
    }
}
