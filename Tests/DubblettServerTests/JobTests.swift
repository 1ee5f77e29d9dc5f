import Dubblett
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DubblettServer

/// Jobs end to end in-process: upload, queue, progress, results, cancel, queue bound, restart, paths.
@Suite("dubblett-server jobs")
struct JobTests {
    @Test func dedupeJobOnTheSampleWritesWhatTheEngineWrites() async throws {
        let h = try ServerHarness()
        let (jobJSON, clusters) = try await h.test { client in
            let r = try await client.upload("/v1/jobs?kind=dedupe", file: ServerHarness.sample)
            #expect(r.status == .accepted)
            let created = try object(r)
            let id = try #require(created["id"] as? String)
            #expect(r.headers[.location] == "/v1/jobs/" + id)
            _ = try await client.waitForJob(id)
            let file = try await client.execute(uri: "/v1/jobs/\(id)/files/clusters.csv", method: .get)
            #expect(file.status == .ok)
            #expect(file.headers[.contentType]?.hasPrefix("text/csv") == true)
            let missing = try await client.execute(uri: "/v1/jobs/\(id)/files/..%2Fjob.json", method: .get)
            #expect(missing.status == .notFound)
            #expect(try apiError(missing).code == "file_not_found")
            return (String(buffer: try await client.execute(uri: "/v1/jobs/" + id, method: .get).body), String(buffer: file.body))
        }
        let job = try #require(try JSONSerialization.jsonObject(with: Data(jobJSON.utf8)) as? [String: Any])
        #expect(job["state"] as? String == "succeeded", "\(job)")
        let names = (job["files"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(names) == ["clusters.csv", "pairs.csv", "review.csv", "splits.csv", "summary.json", "dubblett-manifest.json"])
        let progress = try #require(job["progress"] as? [String: Any])
        #expect(progress["stage"] as? String == "write")
        // The same clusters as the engine called directly.
        let dir = h.dir + "/direct"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let result = try Pipeline.run(.dedupe(CSVFile(path: ServerHarness.sample)), context: RunContext(workers: 2))
        try MatchWriters.writeClusters(result, to: dir + "/clusters.csv", workers: 2)
        #expect(clusters == (try String(contentsOfFile: dir + "/clusters.csv", encoding: .utf8)))
        // No record value reached the log; the job's route was logged as its pattern.
        let log = h.log
        for value in ["Gullström", "19440602", "josefin.gullstrom96", "073-890"] { #expect(!log.contains(value)) }
        #expect(log.contains("route=/v1/jobs/{id}"))
        #expect(log.contains("msg=\"job finished\""))
    }

    @Test func validateJobByPathAfterAnUpload() async throws {
        let h = try ServerHarness()
        try await h.test { client in
            let up = try await client.upload("/v1/uploads", file: ServerHarness.sample)
            #expect(up.status == .created)
            let path = try #require(try object(up)["path"] as? String)
            let r = try await client.post(
                "/v1/jobs", json: #"{"kind":"validate","inputs":{"register":"\#(path)"},"options":{"reference_date":"2026-01-31"}}"#)
            #expect(r.status == .accepted, "\(String(buffer: r.body))")
            let id = try #require(try object(r)["id"] as? String)
            let job = try await client.waitForJob(id)
            #expect(job["state"] as? String == "succeeded", "\(job)")
            let report = try await client.execute(uri: "/v1/jobs/\(id)/files/report.json", method: .get)
            let json = try object(report)
            #expect(json["rows"] as? Int == 10_000)
            #expect(json["referenceDate"] as? String == "2026-01-31")
            #expect(json["file"] as? String == path)
        }
    }

    @Test func pathsOutsideTheDataDirectoryAreRefused() async throws {
        let h = try ServerHarness()
        try FileManager.default.createDirectory(atPath: h.dir, withIntermediateDirectories: true)
        let outside = h.dir + "-outside.csv"
        try "id\n1\n".write(toFile: outside, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: h.dir + "/link.csv", withDestinationPath: outside)
        try FileManager.default.createDirectory(atPath: h.dir + "/sub", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: h.dir + "/sub/up", withDestinationPath: "../..")
        try FileManager.default.createSymbolicLink(atPath: h.dir + "/sub/root", withDestinationPath: "/")
        try await h.test { client in
            for path in ["../x.csv", "/etc/passwd", "uploads/../../x.csv", "link.csv", "sub/up/etc/passwd", "sub/root/etc/passwd", "sub/up/no/such.csv", "~/x.csv"] {
                let r = try await client.post("/v1/jobs", json: #"{"kind":"dedupe","inputs":{"register":"\#(path)"}}"#)
                #expect(r.status == .badRequest, "\(path)")
                #expect(try apiError(r).code == "path_outside_data_dir", "\(path): \(String(buffer: r.body))")
                #expect(try apiError(r).message.contains("inputs.register"))
            }
            let missing = try await client.post("/v1/jobs", json: #"{"kind":"dedupe","inputs":{"register":"no.csv"}}"#)
            #expect(try apiError(missing).code == "input_not_found")
            let dir = try await client.post("/v1/jobs", json: #"{"kind":"dedupe","inputs":{"register":"uploads"}}"#)
            #expect(try apiError(dir).code == "input_not_a_file")
            let nix = try await client.post(
                "/v1/jobs", json: #"{"kind":"suppress","inputs":{"register":"x.csv","nix":"../nix.txt"}}"#)
            #expect(try apiError(nix).message.contains("inputs.nix") || (try apiError(nix).message.contains("inputs.register")))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.dir + "/jobs").isEmpty)
    }

    @Test func aFullQueueAnswers429WithRetryAfter() async throws {
        let h = try ServerHarness { $0.queueLength = 0 }
        try await h.test { client in
            let first = try await client.upload("/v1/jobs?kind=dedupe", file: ServerHarness.sample)
            #expect(first.status == .accepted)
            let second = try await client.upload("/v1/jobs?kind=dedupe", file: ServerHarness.sample)
            #expect(second.status == .tooManyRequests)
            #expect(try apiError(second).code == "queue_full")
            #expect(Int(second.headers[.retryAfter] ?? "") ?? 0 >= 1)
            _ = try await client.waitForJob(try #require(try object(first)["id"] as? String))
            let third = try await client.upload("/v1/jobs?kind=dedupe", file: ServerHarness.sample)
            #expect(third.status == .accepted, "room again once the first job finished")
            _ = try await client.waitForJob(try #require(try object(third)["id"] as? String))
        }
        // The refused request's upload was not kept.
        #expect(try FileManager.default.contentsOfDirectory(atPath: h.dir + "/uploads").count == 2)
    }

    @Test func deleteCancelsQueuedAndRunningJobsAndRemovesFinishedOnes() async throws {
        let h = try ServerHarness()
        try await h.test { client in
            let a = try object(try await client.upload("/v1/jobs?kind=dedupe", file: ServerHarness.sample))
            let b = try object(try await client.upload("/v1/jobs?kind=dedupe", file: ServerHarness.sample))
            let idA = try #require(a["id"] as? String), idB = try #require(b["id"] as? String)
            // b waits behind a (one job runs at a time), a is running or about to.
            let cancelB = try await client.execute(uri: "/v1/jobs/" + idB, method: .delete)
            #expect(cancelB.status == .ok)
            #expect(try object(cancelB)["state"] as? String == "cancelled")
            let cancelA = try await client.execute(uri: "/v1/jobs/" + idA, method: .delete)
            #expect(cancelA.status == .accepted || cancelA.status == .ok)
            let jobA = try await client.waitForJob(idA)
            #expect(jobA["state"] as? String == "cancelled", "\(jobA)")
            #expect((jobA["error"] as? [String: Any])?["code"] as? String == "cancelled")
            let files = try await client.execute(uri: "/v1/jobs/\(idA)/files/clusters.csv", method: .get)
            #expect(files.status == .conflict)
            #expect(try apiError(files).code == "job_not_finished")
            let remove = try await client.execute(uri: "/v1/jobs/" + idA, method: .delete)
            #expect(remove.status == .noContent)
            let gone = try await client.execute(uri: "/v1/jobs/" + idA, method: .get)
            #expect(try apiError(gone).code == "job_not_found")
        }
        // No result directory or staging leftovers for the cancelled jobs; a's folder is gone.
        let jobs = try FileManager.default.contentsOfDirectory(atPath: h.dir + "/jobs")
        #expect(jobs.count == 1)
        for id in jobs {
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.dir + "/jobs/" + id) == ["job.json"])
        }
    }

    @Test func finishedJobsSurviveARestartAndInterruptedOnesAreMarked() async throws {
        let first = try ServerHarness()
        let id = try await first.test { client in
            let r = try object(try await client.upload("/v1/jobs?kind=validate", file: ServerHarness.sample))
            let id = try #require(r["id"] as? String)
            #expect(try await client.waitForJob(id)["state"] as? String == "succeeded")
            return id
        }
        // A job the previous process was running when it was killed.
        let killed = "j_00000000000000ff"
        try FileManager.default.createDirectory(atPath: first.dir + "/jobs/" + killed, withIntermediateDirectories: true)
        try #"{"id":"j_00000000000000ff","kind":"dedupe","state":"running","created":"2026-12-07T00:00:00Z","inputs":{"register":"uploads/x.csv"},"options":{}}"#
            .write(toFile: first.dir + "/jobs/\(killed)/job.json", atomically: true, encoding: .utf8)
        let second = try ServerHarness(dataDirectory: first.dir)
        try await second.test { client in
            let job = try object(try await client.execute(uri: "/v1/jobs/" + id, method: .get))
            #expect(job["state"] as? String == "succeeded")
            let washed = try await client.execute(uri: "/v1/jobs/\(id)/files/washed.csv", method: .get)
            #expect(washed.status == .ok)
            #expect(String(buffer: washed.body).hasPrefix("id,förnamn,efternamn"))
            let interrupted = try object(try await client.execute(uri: "/v1/jobs/" + killed, method: .get))
            #expect(interrupted["state"] as? String == "failed")
            #expect((interrupted["error"] as? [String: Any])?["code"] as? String == "interrupted")
            let list = try object(try await client.execute(uri: "/v1/jobs", method: .get))
            #expect((list["jobs"] as? [Any])?.count == 2)
        }
    }

    @Test func shutdownCancelsTheRunningJobAndTheWaitingOnes() async throws {
        let h = try ServerHarness()
        let data = try DataDirectory(path: h.dir)
        let jobs = JobManager(data: data, workers: 2, queueLength: 4, logger: h.logger)
        let uploaded = try await h.test { client in
            try object(try await client.upload("/v1/uploads", file: ServerHarness.sample))["path"] as? String ?? ""
        }
        let sample = try data.resolve(uploaded, field: "register")
        let runner = Task { try await jobs.run() }
        let request = JobRequest(kind: .dedupe, inputs: JobInputs(register: "uploads/x.csv"))
        let a = try jobs.submit(request, paths: .init(register: sample))
        let b = try jobs.submit(request, paths: .init(register: sample))
        while jobs.job(a.id)?.state == .queued { try await Task.sleep(for: .milliseconds(1)) }
        jobs.stop()
        try await runner.value
        #expect(jobs.job(a.id)?.state == .cancelled)
        #expect(jobs.job(a.id)?.error?.code == "shutdown")
        #expect(jobs.job(b.id)?.state == .cancelled)
        #expect(throws: APIError.self) { try jobs.submit(request, paths: .init(register: sample)) }
        // What a restart reads back.
        let stored = try JSONDecoder().decode(
            JobRecord.self, from: Data(contentsOf: URL(fileURLWithPath: h.dir + "/jobs/\(a.id)/job.json")))
        #expect(stored.state == .cancelled)
    }
}
