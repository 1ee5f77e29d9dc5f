import Foundation
import Testing
@testable import Dubblett

/// Inputs that change while they are read, and streams without an end: an error, never a signal or all of memory.
@Suite("Reading inputs that change or never end")
struct InputChangeTests {
    func scratchFile(_ bytes: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("input-\(UUID().uuidString).csv").path
        var text = "id,namn\n"
        var i = 0
        while text.utf8.count < bytes {
            text += "\(i),Namn \(i)\n"
            i += 1
        }
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    @Test func bytesStayReadableAfterTheFileIsTruncated() throws {
        // A mapping faults (SIGBUS) on the pages past the new end; an owned copy keeps every byte.
        let path = try scratchFile(1 << 20)
        defer { unlink(path) }
        let input = try MappedFile.map(path: path)
        #expect(truncate(path, 0) == 0)
        var sum = 0
        for byte in input.bytes { sum &+= Int(byte) }
        #expect(input.count >= 1 << 20 && sum > 0)
    }

    @Test func aFileTruncatedWhileItIsReadIsAnError() throws {
        let path = try scratchFile(256 << 10)
        defer { unlink(path) }
        #expect {
            _ = try MappedFile.load(path: path, streamLimit: 1 << 30, chunk: 4096) { _ = truncate(path, 10_000) }
        } throws: { error in
            guard case .changedWhileReading(let p, let detail)? = error as? ReadError else { return false }
            return p == path && detail.contains("shorter")
        }
    }

    @Test func aFileThatGrowsWhileItIsReadIsAnError() throws {
        let path = try scratchFile(64 << 10)
        defer { unlink(path) }
        var appended = false
        #expect(throws: ReadError.self) {
            _ = try MappedFile.load(path: path, streamLimit: 1 << 30, chunk: 4096) {
                guard !appended, let h = FileHandle(forWritingAtPath: path) else { return }
                appended = true
                h.seekToEndOfFile()
                h.write(Data("99999,Sist\n".utf8))
                try? h.close()
            }
        }
    }

    @Test func aFileRewrittenInPlaceWhileItIsReadIsAnError() throws {
        let path = try scratchFile(64 << 10)
        defer { unlink(path) }
        // Same size, new modification time: another version of the file.
        var times = [timeval(tv_sec: 1_000_000_000, tv_usec: 0), timeval(tv_sec: 1_000_000_000, tv_usec: 0)]
        #expect(utimes(path, &times) == 0)
        var touched = false
        #expect {
            _ = try MappedFile.load(path: path, streamLimit: 1 << 30, chunk: 4096) {
                if !touched { touched = utimes(path, nil) == 0 }
            }
        } throws: { error in
            guard case .changedWhileReading(_, let detail)? = error as? ReadError else { return false }
            return detail.contains("modified")
        }
    }

    @Test func anUnchangedFileReadsInSmallChunksToTheSameBytes() throws {
        let path = try scratchFile(100_000)
        defer { unlink(path) }
        let whole = try MappedFile.map(path: path)
        let chunked = try MappedFile.load(path: path, streamLimit: 1 << 30, chunk: 777, afterChunk: nil)
        #expect(Array(whole.bytes) == Array(chunked.bytes))
        #expect(Array(whole.bytes) == Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func anEndlessStreamStopsAtTheLimit() throws {
        // /dev/zero is what `cat /dev/zero | dubblett inspect -` reads; a device is read like standard input.
        #expect(throws: ReadError.inputTooLarge(name: "/dev/zero", limit: 3 << 20)) {
            _ = try MappedFile.map(path: "/dev/zero", streamLimit: 3 << 20)
        }
        var options = ReadOptions(workers: 1)
        options.streamLimit = 100_000
        #expect(throws: ReadError.inputTooLarge(name: "/dev/zero", limit: 100_000)) {
            _ = try CSVReader.read(path: "/dev/zero", options: options)
        }
    }

    @Test func messagesSayWhatHappenedAndWhatToDo() {
        let changed = ReadError.changedWhileReading(path: "k.csv", detail: "it was modified while it was read")
        #expect(changed.description.contains("k.csv: the file changed while it was read"))
        #expect(changed.description.contains("work on a copy"))
        let big = ReadError.inputTooLarge(name: "<stdin>", limit: 2 << 30)
        #expect(big.description.contains("2048 MiB") && big.description.contains("--stdin-limit"))
    }
}
