import Foundation
import Testing

/// The built `dubblett-server` binary as an operator runs it: refusal without tokens, the curl examples of
/// docs/server.md against a live server, SIGTERM.
@Suite("dubblett-server binary", .serialized)
struct BinaryTests {
    static func binary() -> String? {
        var dirs: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            dirs.append(URL(fileURLWithPath: exe).deletingLastPathComponent().path)
        }
        dirs.append(Bundle.main.bundleURL.deletingLastPathComponent().path)
        dirs.append(ServerHarness.root + "/.build/debug")
        return dirs.map { $0 + "/dubblett-server" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("server-bin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Runs a program to its end and returns its exit status and output.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func refusesToListenBeyondLoopbackWithoutTokens() throws {
        let bin = try #require(Self.binary(), "no dubblett-server binary: swift build --build-tests")
        let dir = try Self.tempDir()
        let r = try Self.run(bin, ["--host", "0.0.0.0", "--data-dir", dir + "/data"])
        #expect(r.status == 64)
        #expect(r.err.contains("bearer tokens are required"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/data"), "nothing is created before refusing")
        let bad = try Self.run(bin, ["--port", "70000"])
        #expect(bad.status == 64)
        #expect(bad.err.contains("--port must be between 0 and 65535"))
    }

    /// The binary serving `dir/data` on a random port with one bearer token, once it answers `/healthz`;
    /// its standard error goes to `log`.
    static func start(_ bin: String, in dir: String) async throws
        -> (server: Process, base: String, token: String, log: String)
    {
        let token = "test-token-0123456789abcdef"
        try (token + "\n").write(toFile: dir + "/tokens", atomically: true, encoding: .utf8)
        let port = Int.random(in: 20_000..<60_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: bin)
        server.arguments = ["--port", String(port), "--data-dir", dir + "/data", "--token-file", dir + "/tokens"]
        let log = dir + "/server.log"
        #expect(FileManager.default.createFile(atPath: log, contents: nil))
        server.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try server.run()
        let base = "http://127.0.0.1:\(port)"
        var up = false
        for _ in 0..<200 where !up {
            up = (try? run("/usr/bin/curl", ["-sS", base + "/healthz"]))?.out.contains("ok") == true
            if !up { try await Task.sleep(for: .milliseconds(50)) }
        }
        if !up { server.terminate() }
        try #require(up, "the server did not answer /healthz")
        return (server, base, token, log)
    }

    @Test func curlExamplesWorkAndSIGTERMStopsCleanly() async throws {
        let bin = try #require(Self.binary(), "no dubblett-server binary: swift build --build-tests")
        let dir = try Self.tempDir()
        let (server, base, token, log) = try await Self.start(bin, in: dir)
        defer { if server.isRunning { server.terminate() } }
        let auth = ["-H", "Authorization: Bearer " + token]
        func curl(_ args: [String]) throws -> String { try Self.run("/usr/bin/curl", ["-sS"] + args).out }
        // docs/server.md, step 1: upload and dedupe in one request.
        let created = try curl(
            auth + ["-H", "Content-Type: text/csv", "-H", "Expect:", "--data-binary", "@" + ServerHarness.sample, base + "/v1/jobs?kind=dedupe"])
        let id = try #require(
            (try JSONSerialization.jsonObject(with: Data(created.utf8)) as? [String: Any])?["id"] as? String, "\(created)")
        // Step 2: poll.
        var state = ""
        for _ in 0..<600 where !["succeeded", "failed", "cancelled"].contains(state) {
            let job = try curl(auth + [base + "/v1/jobs/" + id])
            state = (try JSONSerialization.jsonObject(with: Data(job.utf8)) as? [String: Any])?["state"] as? String ?? ""
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(state == "succeeded")
        // Step 3: fetch a file.
        let clusters = try curl(auth + [base + "/v1/jobs/\(id)/files/clusters.csv"])
        #expect(clusters.hasPrefix("id,cluster_id,cluster_size\n"))
        #expect(clusters.split(separator: "\n").count == 10_001)
        let noToken = try curl([base + "/v1/jobs/" + id])
        #expect(noToken.contains("\"missing_token\""))
        // SIGTERM: exit 0, quickly.
        server.terminate()
        let deadline = ContinuousClock.now + .seconds(20)
        while server.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!server.isRunning)
        #expect(server.terminationStatus == 0)
        let lines = try String(contentsOfFile: log, encoding: .utf8)
        #expect(lines.contains("route=/v1/jobs/{id}/files/{name}"))
        #expect(!lines.contains(id + "/files"), "raw paths are not logged")
        for value in ["Gullström", "19440602", token] { #expect(!lines.contains(value)) }
    }

    /// The `register-examples` block of docs/server.md, run with bash against a live server whose data
    /// directory the block's own `dubblett register init` line fills.
    @Test func registerExamplesInTheDocsRun() async throws {
        let bin = try #require(Self.binary(), "no dubblett-server binary: swift build --build-tests")
        let binDir = URL(fileURLWithPath: bin).deletingLastPathComponent().path
        try #require(FileManager.default.isExecutableFile(atPath: binDir + "/dubblett"), "no dubblett binary")
        let doc = try String(contentsOfFile: ServerHarness.root + "/docs/server.md", encoding: .utf8)
        let blocks = doc.components(separatedBy: "```sh\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let block = try #require(blocks.first { $0.contains("# register-examples") })
        let dir = try Self.tempDir()
        let lines = try String(contentsOfFile: ServerHarness.sample, encoding: .utf8).split(separator: "\n")
        try (lines.prefix(2001).joined(separator: "\n") + "\n").write(toFile: dir + "/kunder.csv", atomically: true, encoding: .utf8)
        let (server, base, token, log) = try await Self.start(bin, in: dir)
        defer { if server.isRunning { server.terminate() } }
        let script = "set -euo pipefail\ncd '\(dir)'\nexport PATH='\(binDir)':\"$PATH\"\nDATA='\(dir)/data'\n"
            + "AUTH='Authorization: Bearer \(token)'\nSERVER='\(base)'\n" + block
        let r = try Self.run("/bin/bash", ["-c", script])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains(#""candidates":[{"#))
        #expect(r.out.contains(#""id":"2""#))
        #expect(r.out.contains(#""inserted":1"#))
        #expect(r.out.contains(#""members":["#) && r.out.contains("K-10001"))
        #expect(r.out.contains(#""kind":"created""#))
        #expect(r.out.contains(#""removed":1"#))
        let logged = try String(contentsOfFile: log, encoding: .utf8)
        for value in ["Hjelmling", "19440602", "K-10001"] { #expect(!logged.contains(value)) }
    }
}
