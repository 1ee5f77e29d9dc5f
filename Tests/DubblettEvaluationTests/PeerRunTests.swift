import Foundation
import Testing
@testable import Dubblett
@testable import DubblettEvaluation

/// `bench --peer`: a peer runs as a child, its clusters are scored like Dubblett's, and a peer that is not
/// set up or fails says so. A stand-in peer (a shell script in place of Python and Splink) keeps the test
/// fast and independent of a Python environment; it reads the environment, so the suite runs serially.
@Suite("Peers side by side", .serialized)
struct PeerRunTests {
    /// A folder laid out like the repository, with a stand-in `scripts/peers/splink_dedupe.py`.
    struct FakeRoot {
        let root: String
        let dataset: BenchHarness.Dataset

        init(script: String) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("peer-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root + "/scripts/peers", withIntermediateDirectories: true)
            try script.write(toFile: root + "/scripts/peers/splink_dedupe.py", atomically: true, encoding: .utf8)
            // Six records: three people, each entered twice.
            try "id,namn\n1,a\n2,a\n3,b\n4,b\n5,c\n6,c\n".write(
                toFile: root + "/register.csv", atomically: true, encoding: .utf8)
            try "id,entity_id\n1,A\n2,A\n3,B\n4,B\n5,C\n6,C\n".write(
                toFile: root + "/truth.csv", atomically: true, encoding: .utf8)
            dataset = .init(name: "six", registerPath: root + "/register.csv", truthPath: root + "/truth.csv")
        }

        func cleanUp() { try? FileManager.default.removeItem(atPath: root) }
    }

    /// A peer that finds two of the three pairs and one wrong pair: clusters {1,2} {3,4,5} {6}.
    static let halfRight = """
        while [ $# -gt 0 ]; do case "$1" in --out) out="$2"; shift;; esac; shift; done
        printf 'id,cluster_id\\n1,x\\n2,x\\n3,y\\n4,y\\n5,y\\n6,z\\n' > "$out/clusters.csv"
        echo "progress on stderr" >&2
        echo '{"records": 6, "candidate_pairs": 9, "seconds": 0.1, "splink": "0.0-test"}'
        """

    @Test func aPeersClustersAreScoredAgainstTheTruth() throws {
        let f = try FakeRoot(script: Self.halfRight)
        defer { f.cleanUp() }
        setenv("DUBBLETT_SPLINK_PYTHON", "/bin/sh", 1)
        defer { unsetenv("DUBBLETT_SPLINK_PYTHON") }
        let s = try Peer.splink.run(on: f.dataset, workers: 1, root: f.root, scratch: f.root + "/scratch")
        #expect(s.peer == "splink 0.0-test")
        #expect(s.records == 6 && s.candidatePairs == 9 && s.multiRecordClusters == 2)
        // Predicted pairs 1-2, 3-4, 3-5, 4-5: two right of four; true pairs three.
        #expect(abs(s.pairwise.precision - 0.5) < 1e-9 && abs(s.pairwise.recall - 2.0 / 3) < 1e-9)
        #expect(s.seconds > 0 && s.peakMemoryBytes > 0)
        let cell = BenchHarness.CellSummary(
            dataset: "six", strategy: "default", workers: 1,
            runs: [BenchHarnessTests.run(0.5, memory: 1_000_000)])
        let table = BenchResults(cells: [cell], scaling: false, peers: [s]).tables()
        #expect(table.contains("Side by side with peers") && table.contains("splink 0.0-test"))
        #expect(table.contains("dubblett default"))
    }

    @Test func aPeerThatIsNotSetUpSaysHowToSetItUp() throws {
        let f = try FakeRoot(script: Self.halfRight)
        defer { f.cleanUp() }
        unsetenv("DUBBLETT_SPLINK_PYTHON")
        let error = #expect(throws: BenchError.self) { try Peer.splink.locate(root: f.root) }
        #expect(error?.description.contains("scripts/setup-splink.sh") == true)
        let elsewhere = #expect(throws: BenchError.self) { try Peer.splink.locate(root: f.root + "/scripts") }
        #expect(elsewhere?.description.contains("repository's root") == true)
    }

    @Test func aFailingPeerIsReportedWithTheTailOfItsErrors() throws {
        let f = try FakeRoot(script: "echo 'cannot import splink' >&2; exit 69\n")
        defer { f.cleanUp() }
        setenv("DUBBLETT_SPLINK_PYTHON", "/bin/sh", 1)
        defer { unsetenv("DUBBLETT_SPLINK_PYTHON") }
        let error = #expect(throws: BenchError.self) {
            try Peer.splink.run(on: f.dataset, workers: 1, root: f.root, scratch: f.root + "/scratch")
        }
        #expect(error?.description.contains("exit 69") == true)
        #expect(error?.description.contains("cannot import splink") == true)
    }
}
