import ArgumentParser

/// The `dubblett` command: register care for Swedish customer registers.
@main
struct DubblettCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dubblett",
        abstract: "Find duplicates in and wash Swedish customer registers.",
        discussion: """
            Typical session:
              dubblett inspect customers.csv        # what is in the file, which column is what
              dubblett validate customers.csv -o washed.csv  # what is wrong in it, and a washed copy
              dubblett dedupe customers.csv --out result     # duplicate clusters, explained pairs, review band

            Exit status of every command: 0 done, 64 bad options (every number has a range, named in the \
            message), 65 the data cannot be used, 66 a file is missing, 73 an output cannot be written, \
            74 an input changed while it was read. A file whose name starts with '-' goes after '--'.
            """,
        version: "0.1.0",
        subcommands: [
            Dedupe.self, Link.self, Register.self, Report.self, Inspect.self, Validate.self, Generate.self, Evaluate.self, Bench.self,
            Similarity.self, BenchCellCommand.self,
            GenerateReference.self, Update.self, Suppress.self, HouseholdsCommand.self, Merge.self,
        ]
    )
}
