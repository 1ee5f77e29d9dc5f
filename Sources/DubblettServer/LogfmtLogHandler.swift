import Foundation
import Logging
import Synchronization

/// A swift-log handler that writes one logfmt line per message to standard error:
/// `ts=2026-12-07T17:00:00.123Z level=info msg="request" request_id=r_… route=/v1/jobs/{id} status=200`.
///
/// Keys are sorted so lines diff well; values with spaces or quotes are quoted. What is logged is up to
/// the callers, which log counts, codes and route patterns only, never a field value.
public struct LogfmtLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    let label: String
    let sink: @Sendable (String) -> Void

    /// A handler at `level` writing to `sink` (standard error by default).
    public init(label: String, level: Logger.Level = .info, sink: (@Sendable (String) -> Void)? = nil) {
        self.label = label
        self.logLevel = level
        self.sink = sink ?? { line in FileHandle.standardError.write(Data(line.utf8)) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line = "ts="
        line.reserveCapacity(160)
        line += JobRecord.now()
        line += " level="
        line += event.level.rawValue
        line += " msg="
        Self.appendQuoted(event.message.description, to: &line)
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            line += " "
            line += key
            line += "="
            Self.appendQuoted(value.description, to: &line)
        }
        line += "\n"
        sink(line)
    }

    static func quote(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends `s`, quoted when it is empty or holds a space, quote, `=` or line break.
    static func appendQuoted(_ s: String, to out: inout String) {
        guard needsQuotes(s) else { out += s; return }
        out += "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    /// Whether `s` is empty or holds a space, quote, `=` or line break (bytes first: log values are ASCII).
    static func needsQuotes(_ s: String) -> Bool {
        if s.isEmpty { return true }
        var ascii = true
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "="), 0x0A...0x0D: return true
            case 0x80...: ascii = false
            default: break
            }
        }
        return !ascii && s.contains { $0.isNewline }
    }
}
