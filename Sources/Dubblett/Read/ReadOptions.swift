/// How `CSVReader` reads a register.
public struct ReadOptions: Sendable {
    /// Worker threads for the parallel passes (1 = everything on the calling thread).
    public var workers: Int
    /// Whether any row issue (ragged row, NUL byte, bad quoting, oversized field, bad header) is fatal.
    public var strict: Bool
    /// Role → header name (or 1-based column number) overrides of the automatic header mapping; `-`
    /// means no column has the role (and none gets it from its values).
    public var columnOverrides: [FieldRole: String]
    /// Field delimiter; `nil` sniffs one of `,` `;` tab `|` from the first lines.
    public var delimiter: UInt8?
    /// Fields longer than this many bytes make their row unusable (`RowIssue.Kind.oversizedField`).
    public var maxFieldBytes: Int
    /// Target size of a parse chunk in bytes. Any value gives the same store; small values are for tests.
    public var chunkBytes: Int
    /// Called from worker threads with the number of bytes parsed so far (monotonic).
    public var progress: (@Sendable (Int) -> Void)?
    /// Whether a column whose header names no role gets one from its values (personnummer, e-mail,
    /// phone, postal address, organisationsnummer; `RoleInference`).
    public var inferRoles: Bool
    /// The most bytes read from standard input or another stream (`ReadError.inputTooLarge` past it).
    public var streamLimit: Int

    /// Options with defaults: all cores, lenient, automatic header roles, sniffed delimiter.
    public init(
        workers: Int = Parallel.defaultWorkers, strict: Bool = false, columnOverrides: [FieldRole: String] = [:]
    ) {
        self.workers = workers
        self.strict = strict
        self.columnOverrides = columnOverrides
        self.delimiter = nil
        self.maxFieldBytes = 1 << 20
        self.chunkBytes = 4 << 20
        self.progress = nil
        self.inferRoles = true
        self.streamLimit = MappedFile.defaultStreamLimit
    }
}
