import Dubblett
import Foundation
import Logging

/// Runs one job to its result directory by calling the engine and the care functions the CLI calls.
///
/// Everything here is synchronous and CPU-bound: `JobManager` calls it on a thread of its own, never on
/// an event loop. Files are written into an `OutputDirectory` under `DATA/jobs/<id>/result`, which is
/// swapped in whole, so a result is complete or absent.
struct JobRunner: Sendable {
    /// A job's inputs as real paths inside the data directory (checked by `DataDirectory.resolve`).
    struct Paths: Sendable {
        var register: String
        var reference: String?
        var phonebook: String?
        var nix: String?
        var settings: String?
        var model: String?
    }

    var kind: JobKind
    var paths: Paths
    /// The paths as the client named them, for summaries.
    var inputs: JobInputs
    var options: JobOptions
    var workers: Int
    var token: CancellationToken
    var logger: Logger
    /// Receives progress (stage, done, total) on the running thread.
    var progress: @Sendable (String, Int, Int) -> Void

    /// Runs the job and returns its files.
    /// - Throws: `RunCancelled` (or any error once the token is cancelled), the engine's errors.
    func run(resultDirectory: String) throws -> [JobRecord.File] {
        let names = [paths.register, paths.reference, paths.phonebook, paths.nix, paths.settings, paths.model]
        let out = try OutputDirectory.prepare(
            path: resultDirectory, inputs: names.compactMap { $0 }, command: kind.rawValue)
        // Cancellation also reaches the reader and every parallel loop of the care functions.
        try CancellationScope.$token.withValue(token) {
            switch kind {
            case .dedupe, .link: try match(into: out.stagingPath)
            case .validate: try validate(into: out.stagingPath)
            case .update: try update(into: out.stagingPath)
            case .suppress: try suppress(into: out.stagingPath)
            }
            if token.isCancelled { throw RunCancelled(stage: "write") }
        }
        progress("write", 1, 1)
        try out.commit()
        let manifest = OutputDirectory.manifest(in: resultDirectory)
        return (manifest?.files ?? []).map { JobRecord.File(name: $0.name, bytes: $0.bytes) }
            + [JobRecord.File(name: OutputDirectory.manifestName, bytes: fileSize(resultDirectory + "/" + OutputDirectory.manifestName))]
    }

    private func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? Int) ?? 0
    }

    /// Read options with byte progress for the read stage.
    private func readOptions(for path: String) -> ReadOptions {
        var o = ReadOptions(workers: workers)
        let total = fileSize(path), progress = self.progress
        o.progress = { done in progress("read", done, total) }
        return o
    }

    // MARK: - Kinds

    /// `dedupe` and `link`: `Pipeline.run`, then `MatchWriters.writeRun` as `dubblett dedupe`/`link` do.
    private func match(into dir: String) throws {
        var settings = try paths.settings.map { try MatchSettings.load(from: $0) } ?? MatchSettings()
        if let t = options.matchThreshold { settings.matchThreshold = t }
        if let t = options.reviewThreshold { settings.reviewThreshold = t }
        let problems = settings.problems()
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        let model = try paths.model.map { try MatchModel.load(from: $0) }
        let job: MatchJob = kind == .link
            ? .link(CSVFile(path: paths.register), CSVFile(path: paths.reference!))
            : .dedupe(CSVFile(path: paths.register))
        let progress = self.progress
        let context = RunContext(workers: workers, logger: logger, cancellation: token) { event in
            progress(event.stage.rawValue, event.done, event.total)
        }
        var result = try Pipeline.run(job, settings: settings, model: model, context: context)
        try context.checkCancellation(.write)
        for w in result.report.warnings { logger.notice("job warning", metadata: ["warning": "\(w)"]) }
        let input = [inputs.register, inputs.reference].compactMap { $0 }.joined(separator: " + ")
        try MatchWriters.writeRun(&result, to: dir, input: input, workers: workers, evaluate: { _ -> Never? in nil })
    }

    /// `validate`: the report as JSON, the washed register and the rows the reader could not use.
    private func validate(into dir: String) throws {
        let store = try CSVReader.read(path: paths.register, options: readOptions(for: paths.register))
        try checkCancelled("check")
        progress("check", 0, store.rowCount)
        let reference = options.referenceDate.flatMap(JobRequest.date) ?? 0
        let result = RegisterValidator.validate(store, referenceDate: reference, workers: workers)
        try checkCancelled("write")
        progress("write", 0, store.rowCount)
        let washed = dir + "/washed.csv"
        let rows = store.rowCount, progress = self.progress
        try RegisterValidator.writeWashed(store, result, to: washed) { done in progress("write", done, rows) }
        try RegisterValidator.writeRejects(store, to: RegisterValidator.rejectsPath(forWashed: washed))
        var report = ValidationReport(store, result)
        report.file = inputs.register ?? report.file
        let w = try AtomicFileWriter(path: dir + "/report.json")
        w.write(report.json())
        try w.commit()
    }

    /// `update`: `ReferenceUpdate.decide` and `ReferenceUpdate.write`, as `dubblett update`.
    private func update(into dir: String) throws {
        var options = ReferenceUpdate.Options()
        options.minWeight = Float(self.options.minWeight ?? Double(options.minWeight))
        options.margin = Float(self.options.margin ?? Double(options.margin))
        options.append = self.options.append ?? []
        options.workers = workers
        let register = try CSVReader.read(path: paths.register, options: readOptions(for: paths.register))
        let reference = try CSVReader.read(path: paths.reference!, options: readOptions(for: paths.reference!))
        let book = try paths.phonebook.map { try CSVReader.read(path: $0, options: readOptions(for: $0)) }
        if reference.column(for: .personnummer) == nil {
            throw CareError(message: "inputs.reference has no personnummer column")
        }
        if let book, book.column(for: .personnummer) == nil || book.column(for: .phone) == nil {
            throw CareError(message: "inputs.phonebook needs a personnummer and a telefon column")
        }
        try checkCancelled("link")
        progress("link", 0, register.rowCount)
        let logger = self.logger
        var (outcome, linked) = ReferenceUpdate.decide(
            register: register, reference: reference, phonebook: book, options: options,
            progress: { line in logger.debug("update", metadata: ["step": "\(line)"]) })
        try checkCancelled("write")
        progress("write", 0, register.rowCount)
        // The pairs are not written; free them first, as `dubblett update` does.
        linked.pairs = []
        linked.weights = []
        try ReferenceUpdate.write(
            &outcome, register: register, reference: reference, phonebook: book, features: linked.features,
            options: options, directory: dir)
    }

    /// `suppress`: `NixSuppression.loadList` and `NixSuppression.run`, as `dubblett suppress`.
    private func suppress(into dir: String) throws {
        let store = try CSVReader.read(path: paths.register, options: readOptions(for: paths.register))
        guard store.column(for: .phone) != nil else {
            throw CareError(message: "inputs.register has no phone column")
        }
        let list = try NixSuppression.loadList(path: paths.nix!)
        try checkCancelled("flag")
        progress("flag", 0, store.rowCount)
        let date = options.washDate ?? String(JobRecord.now().prefix(10))
        _ = try NixSuppression.run(register: store, list: list, washDate: date, directory: dir, workers: workers)
    }

    private func checkCancelled(_ stage: String) throws {
        if token.isCancelled { throw RunCancelled(stage: stage) }
    }
}
