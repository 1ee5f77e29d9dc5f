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
        var line = "ts=\(JobRecord.now()) level=\(event.level.rawValue) msg=\(Self.quote(event.message.description))"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Self.quote(value.description))"
        }
        sink(line + "\n")
    }

    static func quote(_ s: String) -> String {
        guard s.isEmpty || s.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n") + "\""
    }
}
