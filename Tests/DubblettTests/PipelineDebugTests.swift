import Testing
import DubblettTestSupport
@testable import Dubblett

@Suite("Debug")
struct DebugTests {
    @Test func dump() {
        let reg = SyntheticRegister(people: 3000, seed: 77)
        let out = Pipeline.run(reg.features, settings: MatchSettings(), workers: 2)
        for f in out.report.model { print(f.field, f.m.map { ($0 * 1000).rounded() / 1000 }, f.u.map { ($0 * 10000).rounded() / 10000 }, f.weight.map { ($0 * 10).rounded() / 10 }, f.mSource) }
        print("prior", out.report.priorWeight, out.report.training!.sessions.map { "\($0.rule) \($0.pairs) λ\($0.lambda) it\($0.iterations)" })
        for b in out.model.blockU ?? [] { print("BU", b.ruleName, b.u.map { $0.map { ($0 * 1000).rounded() / 1000 } }) }
        var shown = 0
        let hp = Set(reg.householdPairs.map { UInt64($0.0) << 32 | UInt64($0.1) })
        for i in out.pairs.indices where hp.contains(out.pairs[i]) && out.weights[i] >= 0 && shown < 15 {
            shown += 1
            let v = LevelVector(raw: out.levels[i])
            print("HH", (0..<8).map { v[$0] }, out.weights[i])
        }
        print(out.report.lines().joined(separator: "\n"))
        let s = PipelineTests.pairwise(out.clustering.labels, reg.truePairs)
        print(s)
    }
}
