import Foundation
import Testing
@testable import Dubblett

/// The reader's pass/fail corpus: `Fixtures/pass/*.csv` with the expected table in `*.json`,
/// `Fixtures/fail/*.csv` with the expected start of the error message in `*.error`.
@Suite("CSVReader corpus")
struct ReaderCorpusTests {
    static let root = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static func files(_ folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".csv") }.sorted()
    }

    struct Expected: Decodable {
        var delimiter: String
        var encoding: String
        var lineEnding: String
        var rows: [[String]]
    }

    @Test func corpusIsPresent() {
        #expect(Self.files("pass").count >= 4)
        #expect(Self.files("fail").count >= 5)
    }

    @Test(arguments: files("pass"))
    func passFileReadsAsExpected(name: String) throws {
        let url = Self.root.appendingPathComponent("pass").appendingPathComponent(name)
        let expected = try JSONDecoder().decode(
            Expected.self, from: Data(contentsOf: url.deletingPathExtension().appendingPathExtension("json")))
        for workers in [1, 3] {
            var options = ReadOptions(workers: workers)
            options.chunkBytes = workers == 1 ? 1 << 20 : 5
            let s = try CSVReader.read(path: url.path, options: options)
            #expect(s.dialect.delimiterName == expected.delimiter)
            #expect(s.dialect.encoding.rawValue == expected.encoding)
            #expect(s.dialect.lineEnding.rawValue == expected.lineEnding)
            #expect([s.columns.map(\.name)] + table(s) == expected.rows)
            #expect(s.issues.isEmpty)
        }
    }

    @Test(arguments: files("fail"))
    func failFileGivesTheExpectedError(name: String) throws {
        let url = Self.root.appendingPathComponent("fail").appendingPathComponent(name)
        let expected = try String(contentsOf: url.deletingPathExtension().appendingPathExtension("error"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let bytes = try [UInt8](Data(contentsOf: url))
        let error = try #require(readError(bytes, name: name) { $0.workers = 2; $0.chunkBytes = 7 })
        #expect(error.description.hasPrefix(expected), "\(error)")
    }
}
