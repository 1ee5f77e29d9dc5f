import Foundation
import Testing
@testable import Dubblett
import DubblettTestSupport

/// Reads and returns the `ReadError` thrown, or `nil`.
func readError(_ bytes: [UInt8], name: String = "bad.csv", _ configure: (inout ReadOptions) -> Void = { _ in })
    -> ReadError?
{
    var options = ReadOptions(workers: 1)
    configure(&options)
    do {
        _ = try CSVReader.read(bytes: bytes, name: name, options: options)
        return nil
    } catch let e as ReadError {
        return e
    } catch {
        return nil
    }
}

@Suite("CSVReader bad input")
struct ReaderBadInputTests {
    @Test func unclosedQuoteNamesTheOpeningQuote() throws {
        let e = try #require(readError(Array("a,b\n1,2\n3,\"open\n4,5\n".utf8), name: "customers.csv"))
        guard case .unclosedQuote(let at, _) = e else { Issue.record("got \(e)"); return }
        #expect(at == SourceLocation(name: "customers.csv", line: 3, column: 3))
        #expect(e.description.hasPrefix("customers.csv:3:3: unclosed quote (opened here)"))
    }

    /// RFC 4180 §2.5: a quote is special only at the start of a field; inside an unquoted field it is a
    /// literal byte (reported as a stray quote, the row kept), and line structure is preserved.
    @Test func strayQuoteInUnquotedFieldIsLiteralAndKeepsTheLineStructure() throws {
        let s = try readCSV("a,b\n1,5\" disk\n2,\"ok\"\n")
        #expect(table(s) == [["1", "5\" disk"], ["2", "ok"]])
        #expect(s.issues.counts == [.strayQuote: 1])
        #expect(s.issues.excludedRows == 0)
        #expect([s.lineNumber(row: 0), s.lineNumber(row: 1)] == [2, 3] as [Int])
    }

    /// Stray quotes (odd and even numbers of them) at every chunk edge: any chunk size and worker count
    /// gives the store of one sequential scan.
    @Test func strayQuotesNearChunkEdgesGiveTheSameStore() throws {
        let text = "id,note,x\n1,5\" skärm,a\n2,\"ok\",b\n3,a\"b\"c,\"q\"\"\n\"\n"
            + "4,x\",y\"\n5,\"z\",w\"\n6,7\"\"\"\"\",8\n"
        let reference = StoreSnapshot(try readCSV(text))
        #expect(reference.rows.map { $0.map { String(decoding: $0, as: UTF8.self) } } == [
            ["1", "5\" skärm", "a"], ["2", "ok", "b"], ["3", "a\"b\"c", "q\"\n"], ["4", "x\"", "y\""],
            ["5", "z", "w\""], ["6", "7\"\"\"\"\"", "8"],
        ])
        #expect(reference.lines == [2, 3, 4, 6, 7, 8])
        #expect(reference.counts == [.strayQuote: 6])
        #expect(reference.excluded == 0)
        for chunk in 1...text.utf8.count {
            for workers in [1, 2, 5] {
                let s = try readCSV(text) {
                    $0.chunkBytes = chunk
                    $0.workers = workers
                }
                #expect(StoreSnapshot(s) == reference, "chunk \(chunk) workers \(workers)")
            }
        }
    }

    /// Old Mac Excel ("CSV (Macintosh)") ends lines with a lone CR.
    @Test func crOnlyLineEndingsAreLineBreaks() throws {
        for workers in [1, 3] {
            let s = try readCSV("namn;ort\rAnna;Lund\r\"Bo\";Ed\rCia;Ale") {
                $0.workers = workers
                $0.chunkBytes = 5
            }
            #expect(s.columns.map(\.name) == ["namn", "ort"])
            #expect(table(s) == [["Anna", "Lund"], ["Bo", "Ed"], ["Cia", "Ale"]])
            #expect(s.dialect.lineEnding == .cr)
            #expect((0..<3).map { s.lineNumber(row: $0) } == [2, 3, 4])
        }
    }

    @Test(arguments: [
        [0xFF, 0xFE] + Array("a,b\n1,2\n".utf8).flatMap { [$0, 0] },
        [0xFE, 0xFF] + Array("a,b\n1,2\n".utf8).flatMap { [0, $0] },
        Array("namn,ort\nÅsa,Lund\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
    ] as [[UInt8]])
    func utf16IsRefusedWithATeachingMessage(bytes: [UInt8]) throws {
        let e = try #require(readError(bytes, name: "u16.csv"))
        guard case .invalidEncoding(let at, let detail) = e else { Issue.record("got \(e)"); return }
        #expect(at.name == "u16.csv" && at.line == 1)
        #expect(detail.contains("UTF-16") && detail.contains("UTF-8"))
    }

    /// A file without a header line: its first record must not become column names (personal data).
    @Test func headerThatLooksLikeDataIsReadAsARow() throws {
        let text = "19640823-3234;Anna;070-123 45 67;anna@example.se\n19121212-1212;Bo;08-123 456;bo@ek.se\n"
        for workers in [1, 2] {
            let s = try readCSV(text) {
                $0.workers = workers
                $0.chunkBytes = 7
            }
            #expect(s.columns.map(\.name) == ["column_1", "column_2", "column_3", "column_4"])
            #expect(table(s).map { $0[1] } == ["Anna", "Bo"])
            #expect([s.lineNumber(row: 0), s.lineNumber(row: 1)] == [1, 2] as [Int])
            #expect(s.issues.counts == [.headerLooksLikeData: 1])
            #expect(s.issues.listed.first?.detail.hasPrefix("the first line looks like a record, not a header") == true)
            #expect(!s.issues.listed.description.contains("Anna"))
        }
        // A real header with one odd cell stays a header, and a repeated data-like cell is not echoed.
        let s = try readCSV("namn,2024,2024,ort\nAnna,1,2,Lund\n")
        #expect(s.columns.map(\.name) == ["namn", "2024", "column_3", "ort"])
        #expect(s.issues.listed.allSatisfy { !$0.detail.contains("2024") })
    }

    @Test func byteOrderMarkIsNotAColumn() throws {
        let e = try #require(readError([0xEF, 0xBB, 0xBF] + Array("a,\"b\n1,2\n".utf8)))
        guard case .unclosedQuote(let at, _) = e else { Issue.record("got \(e)"); return }
        #expect(at.line == 1 && at.column == 3)
    }

    /// A valid UTF-8 character whose bytes Windows-1252 leaves undefined (Á = C3 81) in an otherwise
    /// Windows-1252 file: mixed encodings, not "not Windows-1252" at the continuation byte.
    @Test func utf8InsideAWindows1252FileIsMixedEncodings() throws {
        let windows1252Rows = [UInt8](repeating: 0, count: 5).flatMap { _ in
            [0x42, 0xE5, 0x2C, 0xF6, 0x0A, 0x43, 0xE4, 0x2C, 0xE5, 0x0A] as [UInt8]
        }
        let bytes = Array("namn,ort\n".utf8) + windows1252Rows + [0xC3, 0x81, 0x2C, 0x61, 0x0A]
        let e = try #require(readError(bytes))
        guard case .invalidEncoding(_, let detail) = e else { Issue.record("got \(e)"); return }
        #expect(detail.contains("mixed encodings"))
    }

    /// A very wide header over few lines must not reserve columns × (bytes / 100) cells.
    @Test func veryWideHeaderReadsWithAnyWorkerCount() throws {
        let columns = 30_000
        let header = (1...columns).map { "c\($0)" }.joined(separator: ",")
        let row = [String](repeating: "x", count: columns).joined(separator: ",")
        for workers in [1, 2] {
            let s = try readCSV(header + "\n" + row + "\n" + row + "\n") { $0.workers = workers }
            #expect(s.columns.count == columns && s.rowCount == 2)
        }
    }

    @Test func unclosedQuoteInHeader() throws {
        let e = try #require(readError(Array("a,\"b\n1,2\n".utf8)))
        guard case .unclosedQuote(let at, _) = e else { Issue.record("got \(e)"); return }
        #expect(at.line == 1 && at.column == 3)
    }

    @Test func raggedRowsAreExcludedCountedAndListed() throws {
        let s = try readCSV("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n")
        #expect(table(s) == [["1", "2", "3"], ["10", "11", "12"]])
        #expect(s.issues.counts == [.raggedRow: 2])
        #expect(s.issues.excludedRows == 2)
        #expect(s.issues.listed.map(\.line) == [3, 4])
        #expect(s.issues.listed[0].detail == "expected 3 fields, found 2")
        #expect([s.lineNumber(row: 0), s.lineNumber(row: 1)] == [2, 5] as [Int])
    }

    @Test func strictMakesRowIssuesFatal() throws {
        let e = try #require(readError(Array("a,b\n1,2\n3\n".utf8), name: "r.csv") { $0.strict = true })
        guard case .strict(let at, let issue) = e else { Issue.record("got \(e)"); return }
        #expect(at.line == 3 && issue.kind == .raggedRow)
        #expect(e.description.hasPrefix("r.csv:3: ragged row"))
        let bad = try #require(readError(Array("a;b;c\n1;\"x;y\";\"q\"z\n".utf8), name: "r.csv") { $0.strict = true })
        guard case .strict(let where3, let quoting) = bad else { Issue.record("got \(bad)"); return }
        #expect(quoting.kind == .badQuoting && quoting.column == 3)
        #expect(where3 == SourceLocation(name: "r.csv", line: 2, column: 9))  // field 3 starts at character 9
    }

    @Test func nulBytesExcludeTheirRow() throws {
        let bytes = Array("a,b\n1,2\n3,x".utf8) + [0] + Array("y\n5,6\n".utf8)
        let s = try CSVReader.read(bytes: bytes, name: "nul.csv", options: .init(workers: 1))
        #expect(table(s) == [["1", "2"], ["5", "6"]])
        #expect(s.issues.counts == [.nulByte: 1])
        #expect(s.issues.listed.first?.line == 3 && s.issues.listed.first?.column == 2)
    }

    @Test func badQuotingExcludesTheRowAndStrayQuotesAreKept() throws {
        let s = try readCSV("a,b\n1,\"x\"y\n2,Anna \"Lotta\" Berg\n3,\"p\"q\"\"\n")
        #expect(table(s) == [["2", "Anna \"Lotta\" Berg"]])
        #expect(s.issues.counts == [.badQuoting: 2, .strayQuote: 1])
        #expect(s.issues.listed.map(\.line) == [2, 3, 4])
    }

    @Test func bytesThatAreNeitherUTF8NorWindows1252AreAnError() throws {
        let e = try #require(readError(Array("a,b\n1,".utf8) + [0xE5, 0x81] + Array("\n".utf8), name: "x.csv"))
        guard case .invalidEncoding(let at, let detail) = e else { Issue.record("got \(e)"); return }
        #expect(at.line == 2 && at.column == 4)
        #expect(detail.contains("0x81"))
    }

    @Test func mixedUTF8AndWindows1252IsAnError() throws {
        let text = Array("a,b\nÅsa,Öberg\nÄrla,Ström\n".utf8) + [0xE5] + Array(",x\n".utf8)
        let e = try #require(readError(text))
        guard case .invalidEncoding(let at, let detail) = e else { Issue.record("got \(e)"); return }
        #expect(at.line == 4 && at.column == 1)
        #expect(detail.contains("mixed"))
    }

    @Test func invalidUTF8AfterByteOrderMarkIsAnError() throws {
        let e = try #require(readError([0xEF, 0xBB, 0xBF] + Array("a\n".utf8) + [0xF6] + Array("\n".utf8)))
        guard case .invalidEncoding = e else { Issue.record("got \(e)"); return }
    }

    @Test(arguments: [[UInt8](), [0xEF, 0xBB, 0xBF], Array("\n\r\n\n".utf8)])
    func emptyFileIsAnError(bytes: [UInt8]) throws {
        let e = try #require(readError(bytes, name: "empty.csv"))
        #expect(e == .emptyFile(name: "empty.csv"))
        #expect(e.description.contains("empty.csv: the file is empty"))
    }

    @Test func duplicateAndEmptyHeaderNamesAreRenamedAndReported() throws {
        let s = try readCSV("namn,,namn,namn\n1,2,3,4\n")
        #expect(s.columns.map(\.name) == ["namn", "column_2", "namn_2", "namn_3"])
        #expect(s.columns.map(\.role) == [.fullName, nil, nil, nil])
        #expect(s.issues.counts == [.emptyHeader: 1, .duplicateHeader: 2])
        #expect(s.rowCount == 1)
        #expect(readError(Array("namn,namn\n1,2\n".utf8)) { $0.strict = true } != nil)
    }

    @Test func tenMegabyteFieldIsReportedOrReadWhenAllowed() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let text = "id,note\n1,\"" + big + "\"\n2,short\n"
        let s = try readCSV(text) { $0.workers = 2; $0.chunkBytes = 1 << 20 }
        #expect(table(s) == [["2", "short"]])
        #expect(s.issues.counts == [.oversizedField: 1])
        #expect(s.issues.listed.first?.line == 2 && s.issues.listed.first?.column == 2)
        let allowed = try readCSV(text) { $0.maxFieldBytes = 16 << 20; $0.workers = 2; $0.chunkBytes = 1 << 20 }
        #expect(allowed.rowCount == 2)
        #expect(allowed.field(row: 0, column: 1).count == 10 << 20)
        #expect(allowed.arenaCount == 0)
    }

    @Test func fieldsOfSixteenMebibytesAndMoreUseTheLengthSideTable() throws {
        let big = String(repeating: "y", count: (16 << 20) + 3)
        let s = try readCSV("a,b\n1," + big + "\n2,\"" + big + "\"\"\"\n") { $0.maxFieldBytes = 32 << 20 }
        #expect(s.field(row: 0, column: 1).count == (16 << 20) + 3)
        #expect(s.field(row: 1, column: 1).count == (16 << 20) + 4)
        #expect(s.field(row: 1, column: 1).last == .quote)
    }

    @Test func missingFileAndDirectoryAreClearErrors() throws {
        #expect(throws: ReadError.fileNotFound(path: "/nonexistent/kunder.csv")) {
            try CSVReader.read(path: "/nonexistent/kunder.csv")
        }
        let dir = FileManager.default.temporaryDirectory.path
        #expect(throws: ReadError.isDirectory(path: dir)) { try CSVReader.read(path: dir) }
        #expect(ReadError.fileNotFound(path: "k.csv").description.hasPrefix("k.csv: no such file"))
    }

    @Test func readsAMappedFileFromDisk() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-reader-\(getpid()).csv")
        try Data("förnamn;e-post\nÅsa;a@b.se\n".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let s = try CSVReader.read(path: url.path, options: .init(workers: 2))
        #expect(s.sourceName == url.path)
        #expect(s.columns.map(\.role) == [.firstName, .email])
        #expect(table(s) == [["Åsa", "a@b.se"]])
    }

    /// Random bytes biased towards CSV syntax never crash the reader, and whenever it succeeds the result
    /// does not depend on chunk size or worker count.
    @Test func randomBytesNeverCrash() {
        let alphabet: [UInt8] = [0x22, 0x22, 0x2C, 0x3B, 0x0A, 0x0A, 0x0D, 0x00, 0x61, 0x62, 0xC3, 0xA5, 0xE5, 0x81,
                                 0xEF, 0xBB, 0xBF, 0x09, 0x7C, 0x20]
        for seed in UInt64(1)...400 {
            var rng = SeededGenerator(seed: seed)
            let count = Int.random(in: 0...300, using: &rng)
            let bytes = (0..<count).map { _ in
                Bool.random(using: &rng) ? alphabet.randomElement(using: &rng)! : UInt8.random(in: 0...255, using: &rng)
            }
            var reference: StoreSnapshot? = nil
            var referenceError: ReadError? = nil
            do {
                reference = StoreSnapshot(try CSVReader.read(bytes: bytes, name: "f", options: .init(workers: 1)))
            } catch { referenceError = error as? ReadError }
            for chunk in [1, 5, 64] {
                var o = ReadOptions(workers: 2)
                o.chunkBytes = chunk
                do {
                    let s = StoreSnapshot(try CSVReader.read(bytes: bytes, name: "f", options: o))
                    #expect(s == reference, "seed \(seed) chunk \(chunk)")
                } catch {
                    #expect(error as? ReadError == referenceError, "seed \(seed) chunk \(chunk)")
                }
            }
        }
    }
}

@Suite("Title lines above the header")
struct ReaderTitleLineTests {
    static func read(_ text: String) throws -> RecordStore {
        try CSVReader.read(bytes: Array(text.utf8), name: "export.csv", options: .init(workers: 1))
    }

    /// A spreadsheet heading above the header is skipped and reported; line numbers stay physical.
    @Test(arguments: [",", ";"])
    func headingIsSkipped(delimiter: String) throws {
        let rows = [
            "Kundregister", "", "id,förnamn,efternamn,telefon", "1,Anna,Ek,070-123 45 67", "2,Bo,Ek,",
            "3,Per,Lind,08-123 456 78", "4,x", "5,Eva,Ek,",
        ].map { $0.replacingOccurrences(of: ",", with: delimiter) }
        let s = try Self.read(rows.joined(separator: "\n") + "\n")
        #expect(s.dialect.delimiter == UInt8(ascii: delimiter == "," ? "," : ";"))
        #expect(s.columns.map(\.name) == ["id", "förnamn", "efternamn", "telefon"])
        #expect(s.rowCount == 4)
        #expect(s.issues.counts[.titleLine] == 1)
        #expect(s.issues.listed.first { $0.kind == .titleLine }?.line == 1)
        #expect(s.issues.listed.first { $0.kind == .raggedRow }?.line == 7)  // physical line of "4,x"
        #expect(s.headerLine == 3)
    }

    /// Files whose first line is a real header are untouched: a two-column register, and a header with
    /// fewer cells than ragged data rows.
    @Test func realHeadersStay() throws {
        let narrow = try Self.read("namn,telefon\nAnna Ek,070-123 45 67\nBo Ek,08-123 456 78\nPer,\nEva,\n")
        #expect(narrow.columns.map(\.name) == ["namn", "telefon"])
        #expect(narrow.issues.counts[.titleLine] == nil)
        let wide = try Self.read("id,namn,telefon,e-post\n1,a,b,c\n2,a,b,c\n3,a,b,c\n4,a,b,c\n")
        #expect(wide.columns.count == 4 && wide.rowCount == 4)
        #expect(wide.issues.isEmpty)
    }
}

@Suite("Records that run over several lines")
struct ReaderMultiLineRecordTests {
    /// A quote that is not closed where it should be takes the next lines into its record; the listed
    /// issue says how many lines the excluded record covers.
    @Test func listedIssueNamesTheLinesInside() throws {
        let text = "id,namn,ort\n1,Anna,Lund\n2,\"Bo,Malmö\n3,Per,Umeå\n4,Eva\",Kiruna,x\n5,Ulf,Luleå\n"
        let s = try CSVReader.read(bytes: Array(text.utf8), name: "q.csv", options: .init(workers: 1))
        #expect(s.rowCount == 2)
        #expect(s.issues.excludedRows == 1)
        let issue = try #require(s.issues.listed.first { $0.kind.excludesRow })
        #expect(issue.line == 3)
        #expect(issue.detail.contains("runs over 3 lines (3-5)"))
    }
}
