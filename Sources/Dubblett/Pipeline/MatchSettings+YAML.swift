import Foundation
import Yams

/// Settings written in YAML: the same schema as JSON, read with Yams and checked by the same code.
///
/// A YAML file becomes the JSON object it spells (plain scalars by YAML 1.1 core rules: `true`, `12`, `0.9`,
/// `null`; quoted scalars stay text), and every problem `MatchSettings.load(from:)` finds is then tagged
/// with the line and column of the key it concerns:
///
/// ```yaml
/// columns: { id: rec_id, identifier: soc_sec_id }
/// vetoes: []
/// ```
enum SettingsYAML {
    /// Whether `path` names a YAML file (`.yaml` or `.yml`).
    static func isYAML(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
    }

    /// The JSON a YAML settings document spells, with the position of every key and list element.
    struct Converted {
        var json: Data
        /// Positions by path: `match_threshold`, `columns.first_name`, `blocking_rules[0].parts`.
        var marks: [String: Mark]
    }

    /// Converts a YAML document; problems (a syntax error, an alias, a key that is not text, a duplicate key)
    /// name their line and column.
    static func convert(_ data: Data) throws(SettingsError) -> Converted {
        guard let text = String(data: data, encoding: .utf8) else {
            throw SettingsError(problems: ["not UTF-8 text; save the settings file as UTF-8"])
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw SettingsError(problems: [describe(error)])
        } catch {
            throw SettingsError(problems: ["not YAML (\(error))"])
        }
        guard let root, case .mapping = root else {
            throw SettingsError(problems: ["not a YAML mapping of settings; see `dubblett dedupe --help` for an example"])
        }
        var marks: [String: Mark] = [:]
        var problems: [String] = []
        let object = value(root, path: "", marks: &marks, problems: &problems)
        if !problems.isEmpty { throw SettingsError(problems: problems) }
        guard let json = try? JSONSerialization.data(withJSONObject: object) else {
            throw SettingsError(problems: ["the YAML document holds a value JSON cannot express"])
        }
        return Converted(json: json, marks: marks)
    }

    /// The line and column of the key a problem message names, as a `line L, column C: ` prefix.
    ///
    /// Messages start with the path they concern (`comparisons[2]: …`, `blocking_rules.[0].parts: …`) or
    /// quote a key (`unknown setting "x"`, `columns: unknown role "x"`); the longest known path wins.
    static func locate(_ problem: String, in marks: [String: Mark]) -> String? {
        var candidates: [String] = []
        if let quoted = problem.split(separator: "\"", omittingEmptySubsequences: false).dropFirst().first {
            if problem.hasPrefix("unknown setting") { candidates.append(String(quoted)) }
            if problem.hasPrefix("columns: unknown role") { candidates.append("columns." + quoted) }
        }
        let head = problem.prefix { $0 != " " }.replacingOccurrences(of: ".[", with: "[")
        var path = head.hasSuffix(":") ? String(head.dropLast()) : head
        while !path.isEmpty {
            candidates.append(path)
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        for c in candidates { if let m = marks[c] { return "line \(m.line), column \(m.column)" } }
        return nil
    }

    private static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return "line \(mark.line), column \(mark.column): not valid YAML (\(problem))"
        case .duplicatedKeysInMapping(let duplicates, _):
            return "a key is given twice: " + duplicates.map { "\"\($0)\"" }.sorted().joined(separator: ", ")
        default:
            return "not valid YAML"
        }
    }

    private static func value(_ node: Node, path: String, marks: inout [String: Mark], problems: inout [String]) -> Any {
        if let m = node.mark, marks[path] == nil { marks[path] = m }
        switch node {
        case .scalar(let s):
            // Quoted scalars are text, and so is every header name (`id: 1` names the column "1").
            guard s.style == .plain || s.style == .any, !path.hasPrefix("columns.") else { return s.string }
            if node.null != nil { return NSNull() }
            if let b = node.bool { return b }
            if let i = Int64(s.string) { return NSNumber(value: i) }
            if let u = UInt64(s.string) { return NSNumber(value: u) }
            if let d = node.float, d.isFinite { return d }
            return s.string
        case .sequence(let seq):
            return seq.enumerated().map { i, element in
                value(element, path: "\(path)[\(i)]", marks: &marks, problems: &problems)
            }
        case .mapping(let mapping):
            var out: [String: Any] = [:]
            for (k, v) in mapping {
                let at = k.mark.map { "line \($0.line), column \($0.column): " } ?? ""
                guard case .scalar(let key) = k else {
                    problems.append(at + "a key must be text")
                    continue
                }
                let child = path.isEmpty ? key.string : "\(path).\(key.string)"
                if out[key.string] != nil {
                    problems.append(at + "\"\(key.string)\" is given twice")
                    continue
                }
                if let m = k.mark { marks[child] = m }
                out[key.string] = value(v, path: child, marks: &marks, problems: &problems)
            }
            return out
        case .alias:
            problems.append((node.mark.map { "line \($0.line), column \($0.column): " } ?? "") + "aliases are not supported")
            return NSNull()
        }
    }
}
