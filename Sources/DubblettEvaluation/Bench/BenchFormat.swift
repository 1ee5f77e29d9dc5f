import Dubblett
import Foundation

/// Number formats for benchmark tables and progress lines.
public enum BenchFormat {
    /// `250 ms`, `2.52 s`, `12.3 s`.
    public static func seconds(_ s: Double) -> String {
        if s < 1 { return "\(Int((s * 1000).rounded())) ms" }
        return s < 10 ? String(format: "%.2f s", s) : String(format: "%.1f s", s)
    }

    /// `85 MB`, `1.21 GB` (decimal units).
    public static func bytes(_ b: Int) -> String {
        let mb = Double(b) / 1e6
        return mb < 1000 ? "\(Int(mb.rounded())) MB" : String(format: "%.2f GB", mb / 1000)
    }

    /// A rate with three significant digits: `812 k`, `1.23 M`, `45.6 M`.
    public static func rate(_ r: Double) -> String {
        func three(_ v: Double) -> String {
            v >= 100 ? String(Int(v.rounded())) : v >= 10 ? String(format: "%.1f", v) : String(format: "%.2f", v)
        }
        // Units switch at 999.5 so a value that rounds to 1000 shows as `1.00` of the next unit.
        if r >= 999.5e6 { return three(r / 1e9) + " G" }
        if r >= 999.5e3 { return three(r / 1e6) + " M" }
        if r >= 999.5 { return three(r / 1e3) + " k" }
        return three(r)
    }
}
