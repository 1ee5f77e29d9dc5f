import Dubblett
import Foundation

/// Generates realistic Swedish B2C customer registers with known true duplicates.
///
/// ### How it works
/// Rows are produced in fixed blocks of `blockRows` rows. Block `b` draws people from its own random
/// stream (SplitMix64 keyed by seed and `b`), lets each person yield 1...k records, adds hard
/// negatives (household members, namesakes), shuffles the block's records and renders them as CSV
/// bytes. Blocks are independent, so they run on all cores and are written in block order: the output
/// is byte-identical for a seed and configuration whatever the worker count, and memory stays at a few
/// blocks however many rows are asked for. Duplicates of a person stay within one block (65,536 rows),
/// shuffled there; row ids are the 1-based row numbers.
///
/// Personnummer are valid (Luhn over `YYMMDDNNN`, Skatteverket's rule) and unique across the register
/// up to 32 M rows: block `b` of `B` owns birth-number slots `b, b + B, b + 2B ...` of each birth date
/// and sex, so two different people never share one (above 499 blocks slots are reused).
///
/// - Complexity: O(rows); per block O(blockRows) memory. No `String` is built per row.
public struct RegisterGenerator: Sendable {
    /// Rows per block: the unit of parallel work, shuffling and determinism.
    public static let blockRows = 65_536

    /// The configuration used.
    public let config: GeneratorConfig
    /// The seed used.
    public let seed: UInt64
    let recordsPick: WeightedIndex
    /// Rows per block for this generator (`blockRows`; tests use small blocks to exercise many).
    var rowsPerBlock = RegisterGenerator.blockRows

    /// A generator for `config` and `seed`.
    /// - Throws: `GeneratorConfigError` when the configuration has values out of range.
    public init(config: GeneratorConfig = GeneratorConfig(), seed: UInt64) throws {
        let problems = config.problems()
        if !problems.isEmpty { throw GeneratorConfigError(path: "<configuration>", problems: problems) }
        self.config = config
        self.seed = seed
        recordsPick = WeightedIndex(weights: config.recordsPerEntityWeights)
    }

    /// Generates `rows` rows into `registerPath` and the truth (`id,entity_id`) into `truthPath`.
    ///
    /// Both files are written atomically (`AtomicFileWriter`). `progress` is called on the calling
    /// thread after each wave of blocks with the number of rows written so far.
    /// - Throws: `AtomicFileError` when an output cannot be written, or when `truthPath` is `registerPath`.
    public func generate(
        rows: Int, registerPath: String, truthPath: String?, format: RegisterFormat = RegisterFormat(),
        workers: Int = Parallel.defaultWorkers, progress: ((Int) -> Void)? = nil
    ) throws -> GeneratorSummary {
        if let truthPath, URL(fileURLWithPath: truthPath).standardizedFileURL == URL(fileURLWithPath: registerPath)
            .standardizedFileURL
        {
            throw AtomicFileError(path: truthPath, reason: "the truth would overwrite the register; give it another path")
        }
        let register = try AtomicFileWriter(path: registerPath)
        let truth = try truthPath.map { try AtomicFileWriter(path: $0) }
        let summary = run(rows: rows, format: format, workers: workers, progress: progress) { block, truthBytes in
            register.write(block)
            truth?.write(truthBytes)
        }
        // The truth first: a register never appears without the truth that belongs to it.
        try truth?.commit()
        try register.commit()
        return summary
    }

    /// Generates `rows` rows in memory: register CSV bytes, truth CSV bytes and the summary.
    /// Meant for tests and small registers; use `generate(rows:registerPath:...)` for large ones.
    public func generateInMemory(rows: Int, format: RegisterFormat = RegisterFormat(), workers: Int = 1)
        -> (register: [UInt8], truth: [UInt8], summary: GeneratorSummary)
    {
        var register: [UInt8] = []
        var truth: [UInt8] = []
        let summary = run(rows: rows, format: format, workers: workers, progress: nil) { block, truthBytes in
            register.append(contentsOf: block)
            truth.append(contentsOf: truthBytes)
        }
        return (register, truth, summary)
    }

    /// The shared driver: blocks in waves of `2 × workers`, rendered in parallel, emitted in order.
    func run(
        rows: Int, format: RegisterFormat, workers: Int, progress: ((Int) -> Void)?,
        emit: (_ register: [UInt8], _ truth: [UInt8]) -> Void
    ) -> GeneratorSummary {
        let start = DispatchTime.now().uptimeNanoseconds
        let rows = max(0, rows)
        let blockCount = (rows + rowsPerBlock - 1) / rowsPerBlock
        var summary = GeneratorSummary()
        summary.rows = rows
        var header = RecordRenderer(config: config, format: format)
        header.appendHeader()
        emit(header.out, format.truthHeader)
        let wave = min(Parallel.maxWorkers, max(1, workers)) * 2
        var next = 0
        var entityOffset = 0
        while next < blockCount {
            let ids = next..<min(blockCount, next + wave)
            var outputs = [BlockOutput?](repeating: nil, count: ids.count)
            outputs.withUnsafeMutableBufferPointer { buffer in
                let slots = UnsafeSendable(buffer)
                let work: @Sendable (Int) -> Void = { i in
                    let b = ids.lowerBound + i
                    let count = min(rowsPerBlock, rows - b * rowsPerBlock)
                    slots.value[i] = makeBlock(index: b, blockCount: blockCount, rows: count, format: format)
                }
                if workers <= 1 || ids.count == 1 {
                    for i in 0..<ids.count { work(i) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: ids.count, execute: work)
                }
            }
            for (i, output) in outputs.enumerated() {
                let block = output!
                var truth: [UInt8] = []
                truth.reserveCapacity(block.owners.count * 16)
                let firstId = (ids.lowerBound + i) * rowsPerBlock + 1
                let lineEnd = format.lineEnd
                for (row, owner) in block.owners.enumerated() {
                    RecordRenderer.appendDecimal(firstId + row, to: &truth)
                    truth.append(.comma)
                    RecordRenderer.appendDecimal(entityOffset + Int(owner) + 1, to: &truth)
                    truth.append(contentsOf: lineEnd)
                }
                emit(block.register, truth)
                entityOffset += block.entities
                summary.entities += block.entities
                summary.truePairs += block.truePairs
                summary.entitiesWithDuplicates += block.duplicated
                summary.householdMembers += block.households
                summary.namesakes += block.namesakes
            }
            next = ids.upperBound
            progress?(min(rows, next * rowsPerBlock))
        }
        summary.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return summary
    }

    /// One block's rendered rows and, per row in output order, its person's index in the block.
    struct BlockOutput {
        var register: [UInt8]
        var owners: [Int32]
        var entities: Int
        var truePairs: Int
        var duplicated: Int
        var households: Int
        var namesakes: Int
    }

    /// Draws the people of block `index`, their records, shuffles and renders them.
    func makeBlock(index: Int, blockCount: Int, rows: Int, format: RegisterFormat) -> BlockOutput {
        let blockSeed = SplitMix64(seed: seed, stream: UInt64(index) &+ 1).state
        var rng = SplitMix64(seed: blockSeed)
        var people = PeopleFactory(config: config, block: index, blockCount: blockCount)
        var persons: [Person] = []
        persons.reserveCapacity(rows)
        var owner: [Int32] = []
        owner.reserveCapacity(rows)
        var dup: [UInt8] = []
        dup.reserveCapacity(rows)
        var result = BlockOutput(register: [], owners: [], entities: 0, truePairs: 0, duplicated: 0, households: 0,
                                 namesakes: 0)
        var left = rows
        func add(_ p: Person, _ rng: inout SplitMix64) {
            let k = min(recordsPick.pick(&rng) + 1, left)
            let index = Int32(persons.count)
            persons.append(p)
            for d in 0..<k {
                owner.append(index)
                dup.append(UInt8(d))
            }
            left -= k
            result.truePairs += k * (k - 1) / 2
            if k > 1 { result.duplicated += 1 }
        }
        while left > 0 {
            let head = people.person(&rng)
            let headIndex = persons.count
            add(head, &rng)
            if left > 0, rng.chance(config.householdRate) {
                var member = people.householdMember(of: head, &rng)
                if rng.chance(config.householdSharedEmailRate) {
                    persons[headIndex].email = people.familyEmail(&rng)
                    member.email = persons[headIndex].email
                }
                add(member, &rng)
                result.households += 1
            }
            if left > 0, rng.chance(config.namesakeRate) {
                add(people.namesake(of: head, &rng), &rng)
                result.namesakes += 1
            }
        }
        result.entities = persons.count
        // Fisher–Yates over the block's records.
        var order = [Int32](0..<Int32(owner.count))
        var i = order.count - 1
        while i > 0 {
            let j = rng.below(i + 1)
            order.swapAt(i, j)
            i -= 1
        }
        var renderer = RecordRenderer(config: config, format: format)
        renderer.out.reserveCapacity(rows * 160)
        result.owners.reserveCapacity(order.count)
        let firstId = index * rowsPerBlock + 1
        for (position, record) in order.enumerated() {
            let r = Int(record)
            var recordRng = SplitMix64(seed: blockSeed, stream: UInt64(r) &+ 0x1_0000_0000)
            renderer.appendRecord(persons[Int(owner[r])], duplicate: Int(dup[r]), id: firstId + position,
                                  people: &people, rng: &recordRng)
            result.owners.append(owner[r])
        }
        result.register = renderer.out
        return result
    }
}

/// How a generated register is written: the plain UTF-8 comma form or the Swedish Excel form.
public struct RegisterFormat: Sendable, Equatable {
    /// Windows-1252, `;` separator and CRLF line ends, as Swedish Excel saves "CSV".
    public var excel: Bool
    /// English column names instead of the Swedish ones.
    public var englishHeaders: Bool

    /// A format; defaults are UTF-8, comma, LF and Swedish headers.
    public init(excel: Bool = false, englishHeaders: Bool = false) {
        self.excel = excel
        self.englishHeaders = englishHeaders
    }

    /// Swedish column names, in order.
    public static let swedishColumns = [
        "id", "förnamn", "efternamn", "gatuadress", "postnummer", "postort", "telefon", "e-post", "personnummer",
        "födelsedatum",
    ]
    /// English column names, in order.
    public static let englishColumns = [
        "id", "first_name", "last_name", "street_address", "postal_code", "city", "phone", "email",
        "personal_number", "birth_date",
    ]

    var delimiter: UInt8 { excel ? .semicolon : .comma }
    var lineEnd: [UInt8] { excel ? [.cr, .lf] : [.lf] }
    var truthHeader: [UInt8] { Array("id,entity_id".utf8) + lineEnd }
}

/// What a generation produced: the figures the datasets manifest records.
public struct GeneratorSummary: Sendable, Codable, Equatable {
    /// Data rows written (the header not counted).
    public var rows = 0
    /// True persons (distinct entity ids).
    public var entities = 0
    /// Pairs of rows that belong to the same person: Σ k(k−1)/2 over persons with k rows.
    public var truePairs = 0
    /// Persons with two or more rows.
    public var entitiesWithDuplicates = 0
    /// Household members generated (hard negatives: same surname and address, another person).
    public var householdMembers = 0
    /// Namesakes generated (hard negatives: same name, another person).
    public var namesakes = 0
    /// Wall time in seconds.
    public var seconds = 0.0
    /// An empty summary.
    public init() {}
}
