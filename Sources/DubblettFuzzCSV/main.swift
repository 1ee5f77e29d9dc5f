// libFuzzer harness for the CSV reader (issue 2). Two builds of one file:
// - `scripts/fuzz.sh` compiles with `-sanitize=fuzzer -parse-as-library -D DUBBLETT_FUZZ`: libFuzzer owns
//   `main` and calls `LLVMFuzzerTestOneInput` for each input;
// - a plain `swift build` compiles the replay tool: `dubblett-fuzz-csv FILE...` runs the same check on
//   saved inputs (e.g. a crash file libFuzzer wrote).
// The check: reading must never crash; the result (store or error) must be the same for one worker with one
// chunk and for several workers with tiny chunks; every field must lie inside the input or the arena.
// DUBBLETT_FUZZ_TARGET=settings or =truth switches the same harness to the settings-file parser or the
// truth-file reader (see `checkSettings`, `checkTruth`); unset or `csv` is the CSV reader.
import Dubblett
import DubblettEvaluation
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Everything observable about one read, for comparing two reads of the same bytes.
struct Outcome: Equatable {
    var error: String?
    var rows: [[[UInt8]]] = []
    var lines: [Int] = []
    var issues: [RowIssue] = []
    var excluded = 0
}

func outcome(_ bytes: [UInt8], workers: Int, chunkBytes: Int) -> Outcome {
    var options = ReadOptions(workers: workers)
    options.chunkBytes = chunkBytes
    do {
        let s = try CSVReader.read(bytes: bytes, name: "fuzz", options: options)
        var o = Outcome()
        for r in 0..<s.rowCount {
            o.rows.append((0..<s.columns.count).map { Array(s.field(row: r, column: $0)) })
            o.lines.append(s.lineNumber(row: r))
            precondition(o.lines.last! >= 1, "line numbers are 1-based")
            _ = s.id(row: r)
        }
        o.issues = s.issues.listed
        o.excluded = s.issues.excludedRows
        return o
    } catch {
        return Outcome(error: String(describing: error))
    }
}

/// Which parser this process fuzzes, from `DUBBLETT_FUZZ_TARGET` (`csv`, `settings`, `truth`).
let fuzzTarget: String = getenv("DUBBLETT_FUZZ_TARGET").map { String(cString: $0) } ?? "csv"

/// A scratch file for parsers that read paths (in memory where /dev/shm exists).
let scratchDirectory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"

func writeScratch(_ bytes: [UInt8], suffix: String) -> String {
    let path = "\(scratchDirectory)/dubblett-fuzz-\(getpid())-\(suffix)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    var done = 0
    while done < bytes.count {
        let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        precondition(n > 0, "cannot write \(path)")
        done += n
    }
    close(fd)
    return path
}

/// A settings file: loading never traps; a file that loads has no problems and every number in its range,
/// so the engine's own preconditions (bucket cap and window at least 2) hold.
func checkSettings(_ bytes: [UInt8]) {
    let path = writeScratch(bytes, suffix: "settings.json")
    do {
        let s = try MatchSettings.load(from: path)
        precondition(s.problems().isEmpty, "loaded settings with problems")
        precondition(MatchSettings.maxBucketRange.contains(s.maxBucket) && MatchSettings.windowRange.contains(s.window))
        precondition(MatchSettings.uSamplesRange.contains(s.uSamples))
        for t in [s.matchThreshold, s.reviewThreshold, s.strongLinkThreshold] {
            precondition(t.isFinite && MatchSettings.thresholdRange.contains(t), "threshold out of range")
        }
        precondition(s.reviewThreshold <= s.matchThreshold, "thresholds out of order")
        for r in s.blockingRules { precondition(r.window.map(MatchSettings.windowRange.contains) ?? true) }
        _ = CandidateGenerator(rules: s.blockingRules, maxBucket: s.maxBucket, window: s.window)
    } catch let e as SettingsError {
        precondition(!e.problems.isEmpty, "a settings error without a problem")
    } catch {
        preconditionFailure("settings: unexpected error type \(type(of: error))")
    }
}

/// A truth file: scoring a fixed prediction against it never traps and, when it scores, gives finite
/// figures in [0, 1]; a truth it accepts has records and recognised (or no) headers.
func checkTruth(_ bytes: [UInt8]) {
    let truth = writeScratch(bytes, suffix: "truth.csv")
    let predicted = writeScratch(Array("id,cluster_id\n1,1\n2,1\n3,3\n".utf8), suffix: "predicted.csv")
    do {
        let r = try Evaluation.evaluate(predictedPath: predicted, truthPath: truth, workers: 2)
        for x in [r.pairwise.precision, r.pairwise.recall, r.pairwise.f1, r.bcubed.precision, r.bcubed.f1] {
            precondition(x.isFinite && x >= 0 && x <= 1, "a score outside [0, 1]")
        }
        let store = try CSVReader.read(bytes: bytes, name: "truth", options: .init(workers: 1))
        precondition(store.rowCount > 0, "a truth without records was scored")
    } catch is EvaluationFileError {
    } catch is ReadError {
    } catch {
        preconditionFailure("truth: unexpected error type \(type(of: error))")
    }
    let register = try? CSVReader.read(bytes: Array("id,namn\n1,A\n2,B\n".utf8), name: "r", options: .init(workers: 1))
    if let register, let (labels, missing) = try? Evaluation.truthEntities(truthPath: truth, register: register) {
        precondition(labels.count == 2 && missing >= 0 && missing <= 2)
    }
}

func check(_ bytes: [UInt8]) {
    switch fuzzTarget {
    case "settings": return checkSettings(bytes)
    case "truth": return checkTruth(bytes)
    default: break
    }
    let one = outcome(bytes, workers: 1, chunkBytes: 1 << 30)
    let many = outcome(bytes, workers: 3, chunkBytes: 1 + bytes.count / 7)
    precondition(one == many, "1 worker and 3 workers with small chunks disagree")
}

#if DUBBLETT_FUZZ
/// libFuzzer's entry for one input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    check(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links executables with `--defsym main=<Module>_main`; this hands `main` to libFuzzer's driver.
@_cdecl("DubblettFuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return runFuzzerDriver(&count, &vector) { data, size in fuzzOne(data, size) }
}
#else
/// Replays saved inputs through `check`. Called from a top-level `let` (a declaration), because the
/// fuzz build parses this file as a library, where even inactive top-level statements are rejected.
func replay(_ files: ArraySlice<String>) {
    if files.isEmpty {
        print("usage: dubblett-fuzz-csv FILE...   (replays inputs; scripts/fuzz.sh SECONDS runs libFuzzer)")
    }
    for path in files {
        guard let f = fopen(path, "rb") else {
            print("\(path): cannot open")
            continue
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        fclose(f)
        check(bytes)
        print("\(path): ok (\(bytes.count) bytes)")
    }
}
let replayed: Void = replay(CommandLine.arguments.dropFirst())
#endif
