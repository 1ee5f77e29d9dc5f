import Dubblett
import DubblettStore
import DubblettTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DubblettServer

/// A register named `name` in the harness's data directory, made from the first `rows` sample records.
func makeRegister(_ h: ServerHarness, name: String = "kunder", rows: Int = 2000) throws {
    try FileManager.default.createDirectory(atPath: h.dir + "/registers", withIntermediateDirectories: true)
    let lines = try String(contentsOfFile: ServerHarness.sample, encoding: .utf8).split(separator: "\n").prefix(rows + 1)
    let csv = h.dir + "/registers/" + name + ".csv"
    try (lines.joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
    let store = try RegisterStore(path: h.dir + "/registers/" + name + ".sqlite", mode: .create)
    try store.initialise(from: CSVFile(path: csv), context: RunContext(workers: 2))
    try FileManager.default.removeItem(atPath: csv)
}

/// Record id → entity id of the sample.
let sampleTruth: [String: String] = {
    var e: [String: String] = [:]
    let text = (try? String(contentsOfFile: ServerHarness.root + "/datasets/sample/truth.csv", encoding: .utf8)) ?? ""
    for l in text.split(separator: "\n").dropFirst() {
        let p = l.split(separator: ",")
        if p.count == 2 { e[String(p[0])] = String(p[1]) }
    }
    return e
}()

@Suite("review API")
struct ReviewAPITests {
    @Test func nextDecideUndoAndProgress() async throws {
        let h = try ServerHarness()
        try makeRegister(h, rows: 1500)
        let shown = try await h.test { client -> [String] in
            let next = try object(try await client.execute(uri: "/v1/registers/kunder/review/next?limit=3", method: .get))
            let pairs = try #require(next["pairs"] as? [[String: Any]])
            #expect(pairs.count == 3)
            let progress = try #require(next["progress"] as? [String: Any])
            let left = try #require(progress["remaining"] as? Int)
            // Most informative first: closest to the match threshold.
            let t = try #require(progress["match_threshold"] as? Double)
            let distances = pairs.map { abs(($0["weight"] as? Double ?? 0) - t) }
            #expect(distances == distances.sorted())
            let p = pairs[0]
            let (a, b) = (try #require(p["id_a"] as? String), try #require(p["id_b"] as? String))
            let shown = (p["values_a"] as? [String] ?? []).filter { $0.count > 3 }
            #expect(!shown.isEmpty)
            #expect((p["fields"] as? [[String: Any]])?.isEmpty == false)
            let same = sampleTruth[a] == sampleTruth[b]
            let r = try await client.post(
                "/v1/registers/kunder/review/decisions",
                json: #"{"decision":"\#(same ? "same" : "not_same")","id_a":"\#(a)","id_b":"\#(b)"}"#)
            #expect(r.status == .ok)
            let after = try #require(try object(r)["progress"] as? [String: Any])
            #expect(after["remaining"] as? Int == left - 1)
            #expect(after[same ? "same" : "not_same"] as? Int == 1)
            let skip = try await client.post(
                "/v1/registers/kunder/review/decisions",
                json: #"{"decision":"skip","id_a":"\#(pairs[1]["id_a"]!)","id_b":"\#(pairs[1]["id_b"]!)"}"#)
            #expect((try object(skip)["progress"] as? [String: Any])?["skipped"] as? Int == 1)
            for _ in 0..<2 {
                let undo = try await client.post("/v1/registers/kunder/review/decisions", json: #"{"decision":"undo"}"#)
                #expect(undo.status == .ok)
            }
            let back = try object(try await client.execute(uri: "/v1/registers/kunder/review/progress", method: .get))
            #expect(back["remaining"] as? Int == left)
            let nothing = try await client.post("/v1/registers/kunder/review/decisions", json: #"{"decision":"undo"}"#)
            #expect(nothing.status == .conflict)
            #expect(try apiError(nothing).code == "nothing_to_undo")
            // Errors name the field; unknown registers and ids are 404 with their own codes.
            let bad = try await client.post("/v1/registers/kunder/review/decisions", json: #"{"decision":"maybe"}"#)
            #expect(bad.status == .badRequest)
            let noIDs = try await client.post("/v1/registers/kunder/review/decisions", json: #"{"decision":"same"}"#)
            #expect(try apiError(noIDs).message.contains("'id_a'"))
            let unknown = try await client.post(
                "/v1/registers/kunder/review/decisions", json: #"{"decision":"same","id_a":"x1","id_b":"x2"}"#)
            #expect(try apiError(unknown).code == "record_not_found")
            let missing = try await client.execute(uri: "/v1/registers/nope/review/next", method: .get)
            #expect(try apiError(missing).code == "register_not_found")
            let dotted = try await client.execute(uri: "/v1/registers/..%2Fx/review/next", method: .get)
            // A name that is not a plain register name is refused before any path is formed from it.
            #expect(dotted.status == .badRequest)
            let limit = try await client.execute(uri: "/v1/registers/kunder/review/next?limit=0", method: .get)
            #expect(try apiError(limit).message.contains("'limit'"))
            let page = try await client.execute(uri: "/review/kunder", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            // Nothing is fetched from the network: the only URL is the SVG namespace name, which is an identifier.
            let html = String(buffer: page.body).replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            #expect(!html.contains("http://") && !html.contains("https://"))
            return shown
        }
        // The log holds route patterns only: no value, no id, no register name.
        #expect(h.log.contains("route=/v1/registers/{name}/review/decisions"))
        for v in shown { #expect(!h.log.contains(v)) }
        #expect(!h.log.contains("kunder"))
    }

    @Test func theReviewPageIsPublicButTheAPINeedsTheToken() async throws {
        let h = try ServerHarness { $0.tokens = ["s3cret-token-for-tests"] }
        try makeRegister(h, rows: 300)
        try await h.test { client in
            #expect(try await client.execute(uri: "/review/kunder", method: .get).status == .ok)
            let r = try await client.execute(uri: "/v1/registers/kunder/review/next", method: .get)
            #expect(r.status == .unauthorized)
            let ok = try await client.execute(
                uri: "/v1/registers/kunder/review/next", method: .get,
                headers: [.authorization: "Bearer s3cret-token-for-tests"])
            #expect(ok.status == .ok)
        }
    }
}
