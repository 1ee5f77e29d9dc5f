import ArgumentParser
import Foundation
import Testing

@testable import DubblettCLI

/// Every command's whole `--help`, pinned (argument-parser's AssertHelp style): a change to any option,
/// default or paragraph shows up as a failing diff. After an intended change, re-record with
/// `DUBBLETT_RECORD_HELP=1 swift test --filter Help` and review the diff of `Tests/DubblettCLITests/Help/`.
@Suite("Help texts")
struct HelpTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Help")

    static let commands: [(String, any ParsableCommand.Type)] = [
        ("dubblett", DubblettCommand.self), ("dedupe", Dedupe.self), ("link", Link.self), ("inspect", Inspect.self),
        ("validate", Validate.self), ("generate", Generate.self), ("evaluate", Evaluate.self), ("bench", Bench.self),
        ("similarity", Similarity.self), ("report", Report.self),
        ("register", Register.self), ("register-init", RegisterInit.self), ("register-add", RegisterAdd.self),
        ("register-remove", RegisterRemove.self), ("register-decide", RegisterDecide.self),
        ("register-export", RegisterExport.self), ("register-status", RegisterStatusCommand.self),
    ]

    @Test(arguments: commands.map(\.0))
    func helpIsPinned(_ name: String) throws {
        let command = try #require(Self.commands.first { $0.0 == name }?.1)
        let help = DubblettCommand.helpMessage(for: command, columns: 100)
        let file = Self.folder.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["DUBBLETT_RECORD_HELP"] != nil {
            try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
            try help.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let pinned = try String(contentsOf: file, encoding: .utf8)
        #expect(help == pinned, "help of \(name) changed; re-record with DUBBLETT_RECORD_HELP=1 if intended")
    }

    @Test(arguments: commands.map(\.0))
    func helpParagraphsAreNotBrokenInsideSentences(_ name: String) throws {
        let command = try #require(Self.commands.first { $0.0 == name }?.1)
        // Rendered wide, a paragraph is one line: a prose line that ends without punctuation and is
        // followed by a line starting in lower case was broken by hand.
        let lines = DubblettCommand.helpMessage(for: command, columns: 10_000).split(separator: "\n", omittingEmptySubsequences: false)
        for (a, b) in zip(lines, lines.dropFirst()) {
            let prose = a.hasPrefix("  ") == false && !a.isEmpty && a.count > 60
            if prose, let last = a.last, last.isLetter, let first = b.first, first.isLowercase {
                Issue.record("\(name): a sentence is broken across lines: \"\(a.suffix(40))\" / \"\(b.prefix(40))\"")
            }
        }
    }
}
