import Dubblett
import Foundation

/// The machine a benchmark ran on, recorded next to every figure so numbers are never quoted bare.
public struct MachineInfo: Sendable, Codable, Equatable {
    public var cpuModel: String
    public var cores: Int
    public var memoryBytes: Int
    public var os: String

    /// Reads `/proc/cpuinfo` and `ProcessInfo` (Linux; other systems fall back to what Foundation knows).
    public static func current() -> MachineInfo {
        var model = "unknown"
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        {
            model = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let info = ProcessInfo.processInfo
        return MachineInfo(cpuModel: model, cores: info.activeProcessorCount,
                           memoryBytes: Int(info.physicalMemory), os: info.operatingSystemVersionString)
    }
}

/// The median of `values` (mean of the middle two for an even count); `nil` when empty.
public func median(_ values: [Double]) -> Double? {
    guard !values.isEmpty else { return nil }
    let s = values.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// An append-only history of benchmark figures, one JSON object per line (JSON Lines).
///
/// Each line: `{"date": ISO-8601, "commit": git hash or "unknown", "machine": MachineInfo,
/// "figures": {name: number}}`. Lines are only ever appended, so a regression shows up as a change
/// between consecutive lines for the same figure name and machine.
public enum BenchHistory {
    /// One line of the history file.
    public struct Entry: Codable, Sendable {
        public var date: String
        public var commit: String
        public var machine: MachineInfo
        public var figures: [String: Double]
    }

    /// Appends `figures` as one line to the history file at `path` (created if missing).
    public static func append(figures: [String: Double], commit: String, to path: String) throws {
        let entry = Entry(date: ISO8601DateFormatter().string(from: Date()), commit: commit,
                          machine: .current(), figures: figures)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(entry)
        line.append(0x0A)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw AtomicFileError(path: path, reason: "cannot open for appending")
        }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: line)
    }

    /// Reads every entry of the history at `path` (an absent file is an empty history).
    public static func read(path: String) throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let decoder = JSONDecoder()
        return try text.split(separator: "\n").map { try decoder.decode(Entry.self, from: Data($0.utf8)) }
    }

    /// The current git commit of the working directory, or "unknown".
    public static func currentCommit() -> String {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-git-\(getpid())").path
        defer { unlink(out) }
        guard let r = try? ChildProcess.run(executable: "/usr/bin/git", arguments: ["rev-parse", "--short", "HEAD"],
                                            stdoutPath: out, stderrPath: "/dev/null"),
            r.exitCode == 0, let s = try? String(contentsOfFile: out, encoding: .utf8)
        else { return "unknown" }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
