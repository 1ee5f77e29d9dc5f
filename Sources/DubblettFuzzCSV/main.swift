// libFuzzer harness for the CSV reader (issue 2). Two builds of one file:
// - `scripts/fuzz.sh` compiles with `-sanitize=fuzzer -parse-as-library -D DUBBLETT_FUZZ`: libFuzzer owns
//   `main` and calls `LLVMFuzzerTestOneInput` for each input;
// - a plain `swift build` compiles the replay tool: `dubblett-fuzz-csv FILE...` runs the same check on
//   saved inputs (e.g. a crash file libFuzzer wrote).
// The check: reading must never crash; the result (store or error) must be the same for one worker with one
// chunk and for several workers with tiny chunks; every field must lie inside the input or the arena.
import Dubblett

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

func check(_ bytes: [UInt8]) {
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
