import Dubblett
import Foundation

/// The process's peak resident memory ("high-water mark"), readable and resettable on Linux.
///
/// The benchmark child uses it to leave the truth loading (which `dubblett dedupe` never does) out
/// of the peak it reports: it reads the mark before loading the truth, resets it afterwards, and
/// reads it again after the pipeline. Reading is `VmHWM` of `/proc/self/status`; resetting writes
/// `5` to `/proc/self/clear_refs` (Linux ≥ 4.0, see proc(5)), which sets the mark to the current
/// resident size. Elsewhere both return `nil`/`false` and the harness falls back to the whole
/// process's `ru_maxrss`.
public enum PeakMemory {
    /// The peak resident set size so far in bytes, or `nil` where `/proc` does not say.
    public static func highWaterBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst(6).filter(\.isNumber)
            return Int(digits).map { $0 * 1024 }
        }
        return nil
    }

    /// Resets the high-water mark to the current resident size; false when the system does not allow it.
    @discardableResult
    public static func resetHighWater() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var five: UInt8 = 0x35
        return write(fd, &five, 1) == 1
    }
}
