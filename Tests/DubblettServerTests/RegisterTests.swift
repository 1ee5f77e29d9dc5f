import Dubblett
@testable import DubblettStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DubblettServer

/// The register routes in-process: match, records, erase, clusters, events and their errors.
@Suite("dubblett-server registers")
struct RegisterRouteTests {
    /// A harness whose data directory holds `registers/kunder.sqlite`, made from the sample's first rows.
    static func harness(rows: Int = 2_000) throws -> ServerHarness {
        let h = try ServerHarness()
        let lines = try String(contentsOfFile: ServerHarness.sample, encoding: .utf8).split(separator: "\n")
        let csv = h.config.dataDirectory + "/kunder.csv"
        try FileManager.default.createDirectory(atPath: h.config.dataDirectory + "/registers", withIntermediateDirectories: true)
        try (lines.prefix(rows + 1).joined(separator: "\n") + "\n").write(toFile: csv, atomically: true, encoding: .utf8)
        try RegisterStore(path: h.config.dataDirectory + "/registers/kunder.sqlite", mode: .create)
            .initialise(from: CSVFile(path: csv), context: RunContext(workers: 2))
        return h
    }

    @Test func matchAddEraseAndFollowTheEvents() async throws {
        let h = try Self.harness()
        try await h.test { client in
            let base = "/v1/registers/kunder"
            let william = #""förnamn":"William","efternamn":"Hjelmling","personnummer":"19440602-7377""#
            let found = try await client.post(base + "/match", json: #"{"record":{"# + william + "}}")
            #expect(found.status == .ok)
            let candidates = try #require(try object(found)["candidates"] as? [[String: Any]])
            #expect(candidates.first?["id"] as? String == "2")
            #expect((candidates.first?["probability"] as? Double ?? 0) > 0.9)
            #expect((candidates.first?["fields"] as? [[String: Any]])?.isEmpty == false)
            // Add a record: one batch; it joins record 2's cluster.
            let added = try await client.post(base + "/records", json: #"{"records":[{"id":"K-1","# + william + "}]}")
            #expect(added.status == .ok)
            let batch = try object(added)
            #expect(batch["inserted"] as? Int == 1)
            let assigned = try #require((batch["records"] as? [[String: Any]])?.first)
            let cluster = try #require(assigned["cluster"] as? Int)
            let c = try await client.execute(uri: base + "/clusters/\(cluster)", method: .get)
            #expect(c.status == .ok)
            #expect((try object(c)["members"] as? [String])?.contains("K-1") == true)
            #expect((try object(c)["members"] as? [String])?.contains("2") == true)
            // The next match sees it.
            let again = try await client.post(base + "/match", json: #"{"record":{"# + william + "},\"limit\":5}")
            #expect((try object(again)["candidates"] as? [[String: Any]])?.contains { $0["id"] as? String == "K-1" } == true)
            // Events, paged.
            let events = try await client.execute(uri: base + "/events?after=0&limit=10000", method: .get)
            let list = try #require(try object(events)["events"] as? [[String: Any]])
            #expect(list.contains { $0["batch"] as? Int == 2 })
            let next = try #require(try object(events)["next"] as? Int)
            let none = try await client.execute(uri: base + "/events?after=\(next)", method: .get)
            #expect((try object(none)["events"] as? [Any])?.isEmpty == true)
            // Erase.
            let erased = try await client.execute(uri: base + "/records/K-1", method: .delete)
            #expect(erased.status == .ok)
            #expect(try object(erased)["removed"] as? Int == 1)
            let gone = try await client.execute(uri: base + "/records/K-1", method: .delete)
            #expect(try apiError(gone).code == "record_not_found")
            let after = try await client.post(base + "/match", json: #"{"record":{"# + william + "},\"limit\":5}")
            #expect((try object(after)["candidates"] as? [[String: Any]])?.contains { $0["id"] as? String == "K-1" } == false)
        }
    }

    @Test func errorsAreJSONWithStableCodes() async throws {
        let h = try Self.harness(rows: 300)
        try await h.test { client in
            let cases: [(String, HTTPRequest.Method, String?, HTTPResponse.Status, String)] = [
                ("/v1/registers/nosuch/match", .post, #"{"record":{}}"#, .notFound, "register_not_found"),
                ("/v1/registers/bad.name/match", .post, #"{"record":{}}"#, .badRequest, "invalid_register_name"),
                ("/v1/registers/kunder/match", .post, #"{"record":{"skonummer":"42"}}"#, .badRequest, "unknown_column"),
                ("/v1/registers/kunder/match", .post, #"{"record":{},"extra":1}"#, .badRequest, "unknown_field"),
                ("/v1/registers/kunder/match", .post, #"{"record":{"id":1}}"#, .badRequest, "invalid_field"),
                ("/v1/registers/kunder/match", .post, #"{"record":"#, .badRequest, "malformed_json"),
                ("/v1/registers/kunder/records", .post, #"{"records":[{"förnamn":"A"}]}"#, .badRequest, "invalid_field"),
                ("/v1/registers/kunder/clusters/999999", .get, nil, .notFound, "cluster_not_found"),
                ("/v1/registers/kunder/events?after=-1", .get, nil, .badRequest, "invalid_field"),
                ("/v1/registers/kunder/events?since=3", .get, nil, .badRequest, "unknown_parameter"),
            ]
            for (uri, method, body, status, code) in cases {
                let r =
                    if let body { try await client.post(uri, json: body) } else {
                        try await client.execute(uri: uri, method: method)
                    }
                #expect(r.status == status, "\(uri)")
                #expect(try apiError(r).code == code, "\(uri)")
            }
            // An empty record matches nothing, without error.
            let empty = try await client.post("/v1/registers/kunder/match", json: #"{"record":{}}"#)
            #expect(empty.status == .ok)
        }
    }

    @Test func matchJSONIsWhatJSONEncoderWrites() throws {
        let found = [
            LiveRegister.Match(
                id: "a\"b\\c\u{1}å", cluster: 7, weight: 12.5, probability: 0.99,
                fields: [.init(field: "first_name", level: "exact", weight: -1.25), .init(field: "x", level: "y", weight: 1e-7)]),
            LiveRegister.Match(id: "2", cluster: nil, weight: -3, probability: 0.1, fields: []),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let mine = try JSONSerialization.jsonObject(with: Data(RegisterRoutes.matchJSON(found))) as? NSDictionary
        let theirs = try JSONSerialization.jsonObject(with: encoder.encode(["candidates": found])) as? NSDictionary
        #expect(mine != nil && mine == theirs)
    }
}
