/// Path arithmetic on strings, for command-line paths.
///
/// Foundation's `NSString.deletingLastPathComponent` traps on one-letter relative paths on Linux
/// (`--out o`), so every path the CLI splits goes through these instead.
public enum PathText {
    /// The path without its last component: `""` for a bare name, `/` for a name at the root; trailing
    /// slashes are ignored (`a/b/` → `a`).
    public static func parent(_ path: String) -> String {
        let p = trimmed(path)
        guard let slash = p.lastIndex(of: "/") else { return "" }
        return slash == p.startIndex ? "/" : String(p[..<slash])
    }

    /// The last component of the path (`a/b/` → `b`; `/` → `/`).
    public static func last(_ path: String) -> String {
        let p = trimmed(path)
        guard let slash = p.lastIndex(of: "/"), p != "/" else { return p }
        return String(p[p.index(after: slash)...])
    }

    static func trimmed(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }
}
