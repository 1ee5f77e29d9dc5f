import Testing
@testable import Dubblett
import DubblettTestSupport

/// Reads `text` (UTF-8) with the given options; a test helper.
func readCSV(_ text: String, name: String = "test.csv", _ configure: (inout ReadOptions) -> Void = { _ in })
    throws -> RecordStore
{
    var options = ReadOptions(workers: 1)
    configure(&options)
    return try CSVReader.read(bytes: Array(text.utf8), name: name, options: options)
}

/// All fields of a store as strings, row by row.
func table(_ s: RecordStore) -> [[String]] {
    (0..<s.rowCount).map { r in (0..<s.columns.count).map { s.string(row: r, column: $0) } }
}

/// Every observable part of a store, for 1-worker / N-worker / chunk-size comparisons.
struct StoreSnapshot: Equatable {
    var columns: [ColumnInfo]
    var rows: [[[UInt8]]]
    var lines: [Int]
    var counts: [RowIssue.Kind: Int]
    var listed: [RowIssue]
    var excluded: Int
    var blank: Int
    init(_ s: RecordStore) {
        columns = s.columns
        rows = (0..<s.rowCount).map { r in (0..<s.columns.count).map { Array(s.field(row: r, column: $0)) } }
        lines = (0..<s.rowCount).map { s.lineNumber(row: $0) }
        counts = s.issues.counts
        listed = s.issues.listed
        excluded = s.issues.excludedRows
        blank = s.issues.blankLines
    }
}

/// A random well-formed CSV: quoted delimiters, doubled quotes, CRLF and LF, newlines inside quotes.
func randomCSV(_ rng: inout SeededGenerator, delimiter: UInt8) -> (bytes: [UInt8], columns: Int) {
    let d = String(UnicodeScalar(delimiter))
    let columns = Int.random(in: 1...5, using: &rng)
    let rows = Int.random(in: 0...40, using: &rng)
    let pieces = ["", "a", "Åsa", "Öberg-Ek", "x\"y", "line\nbreak", "cr\r\nlf", " s p ", "12", d, "\"", "é€"]
    func field() -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...3, using: &rng) { s += pieces.randomElement(using: &rng)! }
        let needs = s.contains(d) || s.contains("\"") || s.contains("\n") || s.contains("\r")
        if needs || Int.random(in: 0..<5, using: &rng) == 0 {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
    var text = (1...columns).map { "h\($0)" }.joined(separator: d) + "\n"
    for _ in 0..<rows {
        var record = (0..<columns).map { _ in field() }.joined(separator: d)
        if columns == 1 && record.isEmpty { record = "\"\"" }
        text += record + (Bool.random(using: &rng) ? "\r\n" : "\n")
    }
    if Bool.random(using: &rng), text.hasSuffix("\n") {  // sometimes no final line break
        text.removeLast()
        if text.hasSuffix("\r") { text.removeLast() }
    }
    return (Array(text.utf8), columns)
}

@Suite("CSVReader")
struct ReaderTests {
    @Test func readsSimpleSemicolonFile() throws {
        let s = try readCSV("Förnamn;Efternamn;Postnr\nAnna;Svensson;12345\nBo;Ek;54321\n")
        #expect(s.dialect == Dialect(delimiter: .semicolon, encoding: .utf8, lineEnding: .lf))
        #expect(s.columns.map(\.role) == [.firstName, .lastName, .postalCode])
        #expect(table(s) == [["Anna", "Svensson", "12345"], ["Bo", "Ek", "54321"]])
        #expect((0..<2).map { s.lineNumber(row: $0) } == [2, 3])
        #expect(s.issues.isEmpty)
    }

    @Test func unescapesQuotedFieldsAndKeepsPlainFieldsInTheInput() throws {
        let s = try readCSV("id,name\n1,\"Ann \"\"A\"\" Berg\"\n2,\"a,b\"\n3,plain\n")
        #expect(table(s) == [["1", "Ann \"A\" Berg"], ["2", "a,b"], ["3", "plain"]])
        #expect(s.arenaCount == "Ann \"A\" Berg".utf8.count)  // only the field with doubled quotes is copied
        let plain = s.field(row: 2, column: 1).baseAddress!
        #expect(plain >= s.input.base && plain < s.input.base + s.input.count)
    }

    @Test func quotedNewlinesKeepLineNumbers() throws {
        let s = try readCSV("a,b\r\n1,\"x\r\ny\nz\"\r\n2,w\r\n")
        #expect(s.dialect.lineEnding == .crlf)
        #expect(table(s) == [["1", "x\r\ny\nz"], ["2", "w"]])
        #expect([s.lineNumber(row: 0), s.lineNumber(row: 1)] == [2, 5])
    }

    @Test func skipsBlankLinesAndCountsThem() throws {
        let s = try readCSV("\n\na;b\n1;2\n\n3;4\n\n")
        #expect(s.headerLine == 3)
        #expect(table(s) == [["1", "2"], ["3", "4"]])
        #expect([s.lineNumber(row: 0), s.lineNumber(row: 1)] == [4, 6])
        #expect(s.issues.blankLines == 2)
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let s = try CSVReader.read(bytes: [0xEF, 0xBB, 0xBF] + Array("namn;ort\nÅsa;Örebro\n".utf8), name: "bom.csv",
                                   options: .init(workers: 1))
        #expect(s.dialect.encoding == .utf8BOM)
        #expect(s.columns.map(\.name) == ["namn", "ort"])
        #expect(table(s) == [["Åsa", "Örebro"]])
    }

    @Test func windows1252IsDetectedAndOnlyNonASCIIFieldsAreTranscoded() throws {
        // "Förnamn;Ort\nÅsa;Malmö\nBo;Lund\n" in Windows-1252, plus a euro sign (0x80).
        let bytes: [UInt8] = Array("F".utf8) + [0xF6] + Array("rnamn;Ort\n".utf8) + [0xC5] + Array("sa;Malm".utf8)
            + [0xF6] + Array("\nBo;Lund \u{0024}".utf8) + [0x80] + Array("\n".utf8)
        let s = try CSVReader.read(bytes: bytes, name: "excel.csv", options: .init(workers: 1))
        #expect(s.dialect.encoding == .windows1252)
        #expect(s.columns.map(\.name) == ["Förnamn", "Ort"])
        #expect(s.columns.map(\.role) == [.firstName, .city])
        #expect(table(s) == [["Åsa", "Malmö"], ["Bo", "Lund $€"]])
        #expect(s.arenaCount == "ÅsaMalmöLund $€".utf8.count)
        let bo = s.field(row: 1, column: 0).baseAddress!
        #expect(bo >= s.input.base && bo < s.input.base + s.input.count)
    }

    @Test func fileWithoutIdColumnUsesRowNumbersAsIds() throws {
        let s = try readCSV("namn,ort\nA,B\nC,D\n")
        #expect(s.column(for: .id) == nil)
        #expect([s.id(row: 0), s.id(row: 1)] == ["1", "2"])
        let t = try readCSV("Kundnr,namn\nK-7,A\n")
        #expect(t.id(row: 0) == "K-7")
    }

    @Test func headerOnlyGivesAnEmptyStore() throws {
        let s = try readCSV("förnamn,efternamn")
        #expect(s.rowCount == 0)
        #expect(s.columns.count == 2)
        #expect(s.dialect.lineEnding == LineEnding.none)
    }

    @Test func lastRecordWithoutLineBreakIsRead() throws {
        #expect(table(try readCSV("a,b\n1,2\r\n3,\"4\"")) == [["1", "2"], ["3", "4"]])
    }

    @Test(arguments: [
        ("namn,ort,telefon\n\"Berg, Anna\",Lund,070\n", UInt8.comma),
        ("namn;ort;telefon\nBerg, Anna;Lund;070\nEk, Bo;Ed;08\n", UInt8.semicolon),
        ("namn\tort\nBerg, Anna\tLund\n", UInt8.tab),
        ("namn|ort\nBerg; Anna|Lund\n", UInt8.pipe),
        ("email\na@b.se\n", UInt8.comma),
    ])
    func sniffsTheDelimiter(text: String, expected: UInt8) throws {
        #expect(try readCSV(text).dialect.delimiter == expected)
    }

    @Test func sameStoreForAnyChunkSizeAndWorkerCountOnRandomFiles() throws {
        for seed in UInt64(1)...150 {
            var rng = SeededGenerator(seed: seed)
            let delimiter = [UInt8.comma, .semicolon, .tab, .pipe].randomElement(using: &rng)!
            let (bytes, columns) = randomCSV(&rng, delimiter: delimiter)
            var base = ReadOptions(workers: 1)
            base.delimiter = delimiter
            base.chunkBytes = 1 << 30
            let reference = try CSVReader.read(bytes: bytes, name: "r.csv", options: base)
            let naive = try #require(NaiveCSV.parse(bytes, delimiter: delimiter), "seed \(seed)")
            #expect(reference.columns.count == columns, "seed \(seed)")
            #expect(StoreSnapshot(reference).rows == naive.dropFirst().map(\.fields), "seed \(seed)")
            #expect(StoreSnapshot(reference).lines == naive.dropFirst().map(\.line), "seed \(seed)")
            #expect(reference.issues.isEmpty, "seed \(seed)")
            for (chunk, workers) in [(1, 1), (3, 2), (7, 3), (16, 2), (64, 1), (100, 4)] {
                var o = base
                o.chunkBytes = chunk
                o.workers = workers
                let other = try CSVReader.read(bytes: bytes, name: "r.csv", options: o)
                #expect(StoreSnapshot(other) == StoreSnapshot(reference), "seed \(seed) chunk \(chunk) workers \(workers)")
            }
        }
    }

    @Test func quotedNewlineExactlyAtChunkEdges() throws {
        // Every chunk size from 1 to the record length puts a chunk edge on every byte of the quoted field.
        let text = "id;note\n1;\"a\nb;\"\"c\"\"\r\nd\"\n2;\"\n\"\n3;x\n"
        let reference = StoreSnapshot(try readCSV(text))
        #expect(reference.rows.map { $0.map { String(decoding: $0, as: UTF8.self) } }
            == [["1", "a\nb;\"c\"\r\nd"], ["2", "\n"], ["3", "x"]])
        for chunk in 1...40 {
            for workers in [1, 2, 5] {
                let s = try readCSV(text) {
                    $0.chunkBytes = chunk
                    $0.workers = workers
                }
                #expect(StoreSnapshot(s) == reference, "chunk \(chunk) workers \(workers)")
            }
        }
    }

    @Test func progressReportsAllBytes() throws {
        final class Box: @unchecked Sendable { var last = 0 }
        let box = Box()
        let text = "a,b\n" + String(repeating: "1,2\n", count: 1000)
        _ = try readCSV(text) {
            $0.chunkBytes = 512
            $0.workers = 1
            $0.progress = { box.last = $0 }
        }
        #expect(box.last == text.utf8.count - 4)
    }
}
