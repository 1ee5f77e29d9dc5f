import Foundation
import DubblettTestSupport
import Testing
@testable import Dubblett
@testable import DubblettEvaluation
import DubblettDatasets

/// Truth used by the hand-computed cases: ids 1...6, persons A A A B B C.
private let truth: [(id: String, entity: String)] = [
    ("1", "A"), ("2", "A"), ("3", "A"), ("4", "B"), ("5", "B"), ("6", "C"),
]

private func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }

@Suite("Evaluation")
struct EvaluationTests {
    @Test func handComputedMixedPrediction() {
        // Clusters {1,2} {3,4} {5} {6}: n_ij = x:A2, y:A1 B1, z:B1, w:C1.
        let predicted = [("1", "x"), ("2", "x"), ("3", "y"), ("4", "y"), ("5", "z"), ("6", "w")]
            .map { (id: $0.0, cluster: $0.1) }
        let r = Evaluation.evaluate(predicted: predicted, truth: truth)
        #expect(r.records == 6 && r.trueEntities == 3 && r.predictedClusters == 4 && r.predictedMultiClusters == 2)
        #expect(r.truePairs == 4 && r.predictedPairs == 2 && r.correctPairs == 1)
        #expect(close(r.pairwise.precision, 0.5) && close(r.pairwise.recall, 0.25) && close(r.pairwise.f1, 1.0 / 3))
        // B-cubed precision (2 + 1 + 1 + 1) / 6; recall (4/3 + 1/3 + 1/2 + 1/2 + 1) / 6.
        #expect(close(r.bcubed.precision, 5.0 / 6))
        #expect(close(r.bcubed.recall, 11.0 / 18))
        #expect(r.largestPredictedCluster == 2 && r.largestTrueEntity == 3)
        #expect(r.worstFalseMerges == [.init(cluster: "y", size: 2, wrongPairs: 1, groups: [["3"], ["4"]])])
        #expect(r.worstMissedPairs.count == 2)
        #expect(r.worstMissedPairs[0] == .init(entity: "A", size: 3, missedPairs: 2, groups: [["1", "2"], ["3"]]))
        #expect(r.worstMissedPairs[1] == .init(entity: "B", size: 2, missedPairs: 1, groups: [["4"], ["5"]]))
    }

    @Test func allSingletons() {
        // An empty prediction: every record is its own cluster.
        let r = Evaluation.evaluate(predicted: [], truth: truth)
        #expect(r.predictedClusters == 6 && r.predictedPairs == 0 && r.correctPairs == 0)
        #expect(r.pairwise.precision == 1 && r.pairwise.recall == 0 && r.pairwise.f1 == 0)
        #expect(close(r.bcubed.precision, 1) && close(r.bcubed.recall, 0.5))  // (3·1/3 + 2·1/2 + 1) / 6
        #expect(r.worstFalseMerges.isEmpty && r.worstMissedPairs.count == 2)
    }

    @Test func allInOne() {
        let r = Evaluation.evaluate(predicted: truth.map { (id: $0.id, cluster: "all") }, truth: truth)
        #expect(r.predictedClusters == 1 && r.predictedPairs == 15 && r.correctPairs == 4)
        #expect(close(r.pairwise.precision, 4.0 / 15) && r.pairwise.recall == 1)
        #expect(close(r.bcubed.precision, 14.0 / 36) && close(r.bcubed.recall, 1))  // (9 + 4 + 1) / 36
        #expect(r.worstFalseMerges.count == 1 && r.worstFalseMerges[0].wrongPairs == 11)
        #expect(r.worstFalseMerges[0].groups == [["1", "2", "3"], ["4", "5"], ["6"]])
        #expect(r.worstMissedPairs.isEmpty)
    }

    @Test func perfectPrediction() {
        let r = Evaluation.evaluate(predicted: truth.map { (id: $0.id, cluster: "c" + $0.entity) }, truth: truth)
        #expect(r.pairwise == .init(precision: 1, recall: 1) && r.bcubed.f1 == 1)
        #expect(r.worstFalseMerges.isEmpty && r.worstMissedPairs.isEmpty)
    }

    @Test func idsMissingFromTruthAreReportedAndIgnored() {
        let predicted = [("1", "x"), ("2", "x"), ("99", "x"), ("98", "y"), ("2", "z")].map { (id: $0.0, cluster: $0.1) }
        let r = Evaluation.evaluate(predicted: predicted, truth: truth + [("1", "Q")])
        #expect(r.idsMissingFromTruth == 2 && r.sampleIdsMissingFromTruth == ["99", "98"])
        #expect(r.conflictingPredictedIds == 1 && r.duplicateTruthIds == 1)
        #expect(r.records == 6 && r.correctPairs == 1 && r.predictedPairs == 1)
        #expect(String(describing: r).contains("not in the truth"))
    }

    @Test func pairsInputIsClosedIntoClustersAndScoredAsListed() {
        // Pairs 1-2, 2-3, 5-6 (+ repeats, a self pair and an unknown id): clusters {1,2,3} {5,6} {4}.
        let pairs = [("1", "2"), ("2", "3"), ("5", "6"), ("2", "1"), ("1", "2"), ("4", "4"), ("3", "99")]
        let r = Evaluation.evaluate(predictedPairs: pairs, truth: truth)
        #expect(r.correctPairs == 3 && r.predictedPairs == 4 && r.truePairs == 4)
        #expect(close(r.pairwise.precision, 0.75) && close(r.pairwise.recall, 0.75))
        #expect(r.listedPairs?.pairs == 3 && r.listedPairs?.correct == 2)
        #expect(close(r.listedPairs!.scores.precision, 2.0 / 3) && close(r.listedPairs!.scores.recall, 0.5))
        #expect(r.idsMissingFromTruth == 1 && r.sampleIdsMissingFromTruth == ["99"])
        #expect(r.worstFalseMerges.first?.groups == [["5"], ["6"]])
    }

    @Test func fastPathTreatsNegativeLabelsAsSingletonsAndAcceptsAnyLabels() {
        let t: [Int32] = [7, 7, 7, 100_000_000, 100_000_000, -5]
        let p: [Int32] = [3, 3, -1, -1, 9, -1]
        let r = Evaluation.evaluate(truthEntity: t, predictedCluster: p)
        #expect(r.predictedClusters == 5 && r.correctPairs == 1 && r.predictedPairs == 1 && r.truePairs == 4)
        #expect(r.worstMissedPairs.first?.entity == "7" && r.worstMissedPairs.first?.groups == [["1", "2"], ["3"]])
    }

    /// The contingency formulas against a naive O(n²) enumeration of pairs, on seeded random labels.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func fastPathMatchesNaivePairEnumeration(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 1...120, using: &rng)
        let entities = Int32.random(in: 1...Int32(n), using: &rng)
        let t = (0..<n).map { _ in Int32.random(in: 0..<entities, using: &rng) }
        let p = (0..<n).map { _ in Int32.random(in: -3..<Int32(max(2, n / 3)), using: &rng) }
        let r = Evaluation.evaluate(truthEntity: t, predictedCluster: p)
        var truePairs = 0, predictedPairs = 0, correct = 0
        for i in 0..<n {
            for j in (i + 1)..<max(i + 1, n) {
                let sameT = t[i] == t[j]
                let sameP = p[i] >= 0 && p[i] == p[j]
                if sameT { truePairs += 1 }
                if sameP { predictedPairs += 1 }
                if sameT && sameP { correct += 1 }
            }
        }
        var bp = 0.0, br = 0.0
        for i in 0..<n {
            let cluster = (0..<n).filter { $0 == i || (p[i] >= 0 && p[$0] == p[i]) }
            let entity = (0..<n).filter { t[$0] == t[i] }
            let both = cluster.filter { t[$0] == t[i] }.count
            bp += Double(both) / Double(cluster.count)
            br += Double(both) / Double(entity.count)
        }
        #expect(r.truePairs == truePairs, "seed \(seed)")
        #expect(r.predictedPairs == predictedPairs, "seed \(seed)")
        #expect(r.correctPairs == correct, "seed \(seed)")
        #expect(abs(r.bcubed.precision - bp / Double(n)) < 1e-9, "seed \(seed)")
        #expect(abs(r.bcubed.recall - br / Double(n)) < 1e-9, "seed \(seed)")
        let wrong = r.worstFalseMerges.map(\.wrongPairs).reduce(0, +)
        #expect(r.worstFalseMerges.count < Evaluation.defaultExamples ? wrong == predictedPairs - correct : true)
    }

    @Test func emptyInput() {
        let r = Evaluation.evaluate(truthEntity: [], predictedCluster: [])
        #expect(r.records == 0 && r.pairwise.f1 == 1)
    }
}

@Suite("Evaluation example order")
struct EvaluationExampleOrderTests {
    /// False merges and missed pairs rank alike: most pairs, then the larger group, then file order.
    @Test func tiesOnPairsPutTheLargerGroupFirst() {
        let truth: [(id: String, entity: String)] = [
            ("a1", "A"), ("b1", "B"), ("c1", "C"), ("d1", "D"), ("d2", "D"), ("d3", "D"), ("e1", "E"),
        ]
        let predicted: [(id: String, cluster: String)] = [
            ("a1", "P"), ("b1", "P"), ("c1", "P"), ("d1", "Q"), ("d2", "Q"), ("d3", "Q"), ("e1", "Q"),
        ]
        let r = Evaluation.evaluate(predicted: predicted, truth: truth)
        #expect(r.worstFalseMerges.map(\.wrongPairs) == [3, 3])
        #expect(r.worstFalseMerges.map(\.size) == [4, 3])
    }
}

@Suite("Evaluation from files")
struct EvaluationFileTests {
    private func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-eval-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func clusterFileMatchesInMemoryEvaluation() throws {
        let truthPath = try write("id,entity_id\n1,A\n2,A\n3,A\n4,B\n5,B\n6,C\n", "truth.csv")
        // Semicolons, quoted ids, an unknown id and a record left out (6 → singleton).
        let predictedPath = try write("id;cluster_id\n\"1\";x\n2;x\n3;y\n4;y\n5;z\n77;z\n", "clusters.csv")
        let fromFiles = try Evaluation.evaluate(predictedPath: predictedPath, truthPath: truthPath, workers: 1)
        let predicted = [("1", "x"), ("2", "x"), ("3", "y"), ("4", "y"), ("5", "z"), ("77", "z")]
            .map { (id: $0.0, cluster: $0.1) }
        let inMemory = Evaluation.evaluate(predicted: predicted, truth: truth)
        #expect(fromFiles == inMemory)
        #expect(fromFiles.idsMissingFromTruth == 1 && fromFiles.sampleIdsMissingFromTruth == ["77"])
    }

    @Test func pairFileIsDetectedFromItsHeader() throws {
        let truthPath = try write("id,entity_id\n1,A\n2,A\n3,A\n4,B\n5,B\n6,C\n", "truth2.csv")
        let pairsPath = try write("id_a,id_b\n1,2\n2,3\n5,6\n2,1\n", "pairs.csv")
        let r = try Evaluation.evaluate(predictedPath: pairsPath, truthPath: truthPath, workers: 1)
        #expect(r.correctPairs == 3 && r.predictedPairs == 4)
        #expect(r.listedPairs?.pairs == 3 && r.listedPairs?.correct == 2)
        #expect(abs(r.listedPairs!.scores.recall - 0.5) < 1e-12)
    }

    @Test func truthWithOneColumnIsATeachingError() throws {
        let truthPath = try write("id\n1\n2\n", "truth3.csv")
        let predictedPath = try write("id,cluster_id\n1,x\n", "p3.csv")
        #expect(throws: EvaluationFileError.self) {
            try Evaluation.evaluate(predictedPath: predictedPath, truthPath: truthPath, workers: 1)
        }
    }

    @Test func generatedSampleAgainstItsOwnTruthIsPerfect() throws {
        let out = try RegisterGenerator(seed: 2).generateInMemory(rows: 800)
        let truthPath = try write(String(decoding: out.truth, as: UTF8.self), "gen-truth.csv")
        let r = try Evaluation.evaluate(predictedPath: truthPath, truthPath: truthPath, kind: .clusters, workers: 1)
        #expect(r.pairwise.f1 == 1 && r.bcubed.f1 == 1 && r.truePairs == out.summary.truePairs)
        #expect(r.trueEntities == out.summary.entities)
    }
}

@Suite("Evaluation in-process")
struct EvaluationInProcessTests {
    @Test func truthEntitiesFollowTheRegistersRowOrder() throws {
        let out = try RegisterGenerator(seed: 4).generateInMemory(rows: 600)
        // The register without its first data row, reversed: rows no longer line up with the truth.
        var lines = String(decoding: out.register, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines.removeFirst()
        let body = lines.filter { !$0.isEmpty }.dropFirst().reversed()
        let register = try CSVReader.read(bytes: Array(([header] + body).joined(separator: "\n").utf8), name: "r",
                                          options: ReadOptions(workers: 1))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-inproc-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let truthPath = dir.appendingPathComponent("truth.csv").path
        try Data(out.truth).write(to: URL(fileURLWithPath: truthPath))
        let (labels, missing) = try Evaluation.truthEntities(truthPath: truthPath, register: register, workers: 1)
        #expect(missing == 0 && labels.count == 599)
        // Predicting the truth itself is perfect; predicting all singletons finds nothing.
        let perfect = Evaluation.evaluate(truthEntity: labels, predictedCluster: labels, id: { register.id(row: $0) })
        #expect(perfect.pairwise.f1 == 1)
        let none = Evaluation.evaluate(truthEntity: labels, predictedCluster: [Int32](repeating: -1, count: 599))
        #expect(none.pairwise.recall == 0 || none.truePairs == 0)
        // Row 0 of the reversed register is the generator's last row; its label matches the truth file's.
        let truth = try CSVReader.read(bytes: out.truth, name: "t", options: ReadOptions(workers: 1))
        let lastEntity = truth.string(row: truth.rowCount - 1, column: 1)
        let sameAsLast = (0..<truth.rowCount).filter { truth.string(row: $0, column: 1) == lastEntity }.count
        #expect(labels.filter { $0 == labels[0] }.count == sameAsLast - (truth.string(row: 0, column: 1) == lastEntity ? 1 : 0))
    }
    private func write(_ text: String, _ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dubblett-inproc-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Rows the reader excludes from either file are counted and warned about, not silently dropped.
    @Test func excludedRowsOfEitherFileAreCountedAndWarned() throws {
        let truthPath = try write("id,entity_id\n1,A\n2,A,oops\n3,B\n", "truth-ex.csv")
        let predictedPath = try write("id,cluster_id\n1,x\n2\n3,y\n4,y,z\n", "pred-ex.csv")
        let r = try Evaluation.evaluate(predictedPath: predictedPath, truthPath: truthPath, workers: 1)
        #expect(r.excludedTruthRows == 1 && r.excludedPredictedRows == 2)
        #expect(r.description.contains("could not use 1 truth rows and 2 predicted rows"))
        let clean = try Evaluation.evaluate(predictedPath: truthPath, truthPath: truthPath, kind: .clusters,
                                            workers: 1)
        #expect(clean.excludedPredictedRows == 1)
    }

    /// Without an id column a register row's id is its position among all data records, the excluded
    /// ones counted, so it matches the truth written for the same file.
    @Test func idWithoutIdColumnCountsExcludedRecords() throws {
        let register = try CSVReader.read(bytes: Array("namn,ort\nAnna,Lund\nBo\nCia,Ale\n\nDan,Ed\n".utf8),
                                          name: "r.csv", options: .init(workers: 1))
        #expect(register.rowCount == 3)
        #expect((0..<3).map { register.id(row: $0) } == ["1", "3", "4"])
        let truthPath = try write("id,entity_id\n1,A\n2,X\n3,B\n4,B\n", "truth-ord.csv")
        let (labels, missing) = try Evaluation.truthEntities(truthPath: truthPath, register: register, workers: 1)
        #expect(missing == 0)
        #expect(labels[1] == labels[2] && labels[0] != labels[1])
    }
}
