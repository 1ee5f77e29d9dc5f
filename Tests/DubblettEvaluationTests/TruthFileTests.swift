import Dubblett
import DubblettEvaluation
import Foundation
import Testing

/// Truth files that would score any prediction without a word.
@Suite("Truth files that cannot be used")
struct TruthFileTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("truth-\(UUID().uuidString).csv").path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    func reason(_ truth: String, predicted: String = "id,cluster_id\n1,1\n2,1\n") throws -> String? {
        let t = try file(truth), p = try file(predicted)
        defer { unlink(t); unlink(p) }
        do {
            _ = try Evaluation.evaluate(predictedPath: p, truthPath: t, workers: 1)
            return nil
        } catch let e as EvaluationFileError {
            return e.reason
        }
    }

    @Test func aTruthWithOnlyAHeaderIsAnError() throws {
        let r = try reason("id,entity_id\n")
        #expect(r?.contains("no records") == true)
        let register = try CSVReader.read(bytes: Array("id,namn\n1,A\n".utf8), name: "r.csv", options: .init(workers: 1))
        let t = try file("id,entity_id\n")
        defer { unlink(t) }
        #expect(throws: EvaluationFileError.self) { _ = try Evaluation.truthEntities(truthPath: t, register: register) }
    }

    @Test func anUnrecognisedHeaderIsAnErrorNotReadByPosition() throws {
        let r = try reason("foo,bar\n1,1\n2,1\n")
        #expect(r?.hasPrefix("the truth's header names no id column (id, record_id") == true, "\(r ?? "")")
        #expect(r?.contains("and no entity column (entity_id, entity") == true)
        #expect(r?.contains("its columns are foo, bar") == true)
        #expect(r?.contains("entity_id") == true)
        let idOnly = try reason("id,bar\n1,1\n")
        #expect(idOnly?.contains("names no entity column") == true && idOnly?.contains("id column") == false)
    }

    @Test func recognisedAndHeaderlessTruthsAreRead() throws {
        #expect(try reason("record_id;person_id\n1;7\n2;7\n") == nil)
        #expect(try reason("entity_id,id\n7,1\n7,2\n") == nil)
        #expect(try reason("1,7\n2,7\n") == nil)  // no header line: id, entity_id by position
    }
}
