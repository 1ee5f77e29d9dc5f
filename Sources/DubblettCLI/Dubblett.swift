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
            """,
        version: "0.1.0",
        subcommands: [
            Dedupe.self, Link.self, Inspect.self, Validate.self, Generate.self, Evaluate.self, Bench.self,
            Similarity.self, BenchCellCommand.self,
            GenerateReference.self, Update.self, Suppress.self, HouseholdsCommand.self, Merge.self,
        ]
    )
}
