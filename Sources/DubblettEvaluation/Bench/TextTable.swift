import Dubblett
/// Renders rows as an aligned plain-text table (numbers right-aligned, text left-aligned).
///
/// Used by the CLI for human-readable reports; tools read the `--json` form instead.
public enum TextTable {
    /// Renders `rows` under `headers`. A column whose non-empty cells are all numbers is right-aligned,
    /// header included, unless it is one of `textColumns` (names such as `1m` that look like numbers).
    public static func render(headers: [String], rows: [[String]], textColumns: Set<Int> = []) -> String {
        let columns = headers.count
        var widths = headers.map(\.count)
        var numeric = (0..<columns).map { !textColumns.contains($0) }
        for row in rows {
            for (i, cell) in row.prefix(columns).enumerated() {
                widths[i] = max(widths[i], cell.count)
                if !cell.isEmpty && !isNumeric(cell) { numeric[i] = false }
            }
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for i in 0..<columns {
                let cell = i < cells.count ? cells[i] : ""
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                parts.append(numeric[i] ? pad + cell : cell + pad)
            }
            var s = parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    private static func isNumeric(_ s: String) -> Bool {
        guard let first = s.first else { return false }
        return (first.isNumber || first == "-" || first == ".") && s.dropFirst().allSatisfy {
            $0.isNumber || $0 == "." || $0 == "," || $0 == "%" || $0 == "e" || $0 == "-" || $0 == "+" || $0 == " "
                || $0 == "k" || $0 == "M" || $0 == "G" || $0 == "s" || $0 == "m" || $0 == "B" || $0 == "×"
        }
    }
}
