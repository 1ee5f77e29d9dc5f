import ArgumentParser
import Dubblett
import Foundation

/// The bounds of every number a user can give on the command line, in one place, each with its message.
///
/// A number outside its range is a usage error (exit 64) that states the allowed range; nothing is
/// clamped silently. Settings-file numbers are bounded by `MatchSettings.problems()`.
enum CLILimits {
    /// The most worker threads any command accepts. More threads than cores only add overhead (each
    /// stage keeps per-worker buffers), and 256 is far beyond any machine this runs on.
    static let maxWorkers = 256

    /// The most rows `generate` writes: 100 M rows is about 15 GB of CSV, ten times the largest benchmark.
    static let maxGeneratedRows = 100_000_000

    /// The most runs per `bench` cell.
    static let maxRuns = 100

    /// The most examples `evaluate` lists.
    static let maxExamples = 100_000

    /// Thresholds (match weights, log2 odds) lie in this range; a weight of ±100 is already certainty.
    static let thresholdRange: ClosedRange<Double> = -100...100

    /// Checks a `--workers` value; `nil` (not given) is fine.
    static func checkWorkers(_ workers: Int?) throws {
        guard let workers else { return }
        guard (1...maxWorkers).contains(workers) else {
            throw ValidationError(
                "--workers must be a whole number from 1 to \(maxWorkers) (got \(workers)); "
                    + "the default is the number of cores (\(Parallel.defaultWorkers) here).")
        }
    }

    /// Checks a threshold option (`--match-threshold`, `--review-threshold`): finite and within range.
    static func checkThreshold(_ value: Double?, option: String) throws {
        guard let value else { return }
        guard value.isFinite, thresholdRange.contains(value) else {
            throw ValidationError(
                "\(option) must be a number from \(Int(thresholdRange.lowerBound)) to "
                    + "\(Int(thresholdRange.upperBound)) (a match weight in log2 odds; got \(value)).")
        }
    }
}

/// A size in bytes written plainly or with a `K`, `M`, `G` or `T` suffix (powers of 1024): `512M`, `8G`.
struct ByteSize: ExpressibleByArgument {
    let bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var text = argument.replacingOccurrences(of: "_", with: "")
        if text.hasSuffix("B") || text.hasSuffix("b") { text.removeLast() }
        if text.hasSuffix("i") { text.removeLast() }
        let shift: Int
        switch text.last {
        case "k", "K": shift = 10
        case "m", "M": shift = 20
        case "g", "G": shift = 30
        case "t", "T": shift = 40
        default: shift = 0
        }
        let number = shift == 0 ? text : String(text.dropLast())
        guard let v = Double(number), v.isFinite, v >= 1, v * Double(1 << shift) <= Double(1 << 50) else { return nil }
        bytes = Int((v * Double(1 << shift)).rounded())
    }

    var defaultValueDescription: String { "\(bytes >> 30)G" }
}

extension DubblettCommand {
    /// Runs the command, first refusing an argument that starts with `-`, is no option and is no number.
    ///
    /// argument-parser reads `-dash.csv` as the short flags `-d -a -s -h …`, finds `-h` and prints the
    /// help with exit 0, so a file named like that would look like success. Such a word is a usage
    /// error (64) that says how to give the file: after `--`, or as `./-dash.csv`.
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let word = unparseableDashWord(arguments) {
            FileHandle.standardError.write(
                Data(
                    ("error: '\(word)' is not an option. A file whose name starts with '-' goes after '--' "
                        + "(dubblett dedupe -- \(word)) or with its directory (./\(word)).\n").utf8))
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }

    /// The first word before `--` that starts with one `-`, is longer than a short option, and is not a number.
    static func unparseableDashWord(_ arguments: [String]) -> String? {
        for word in arguments {
            if word == "--" { return nil }
            guard word.count > 2, word.hasPrefix("-"), !word.hasPrefix("--") else { continue }
            if Double(word) != nil { continue }
            return word
        }
        return nil
    }
}
