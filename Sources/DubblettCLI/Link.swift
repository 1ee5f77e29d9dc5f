import ArgumentParser
import Dubblett
import Foundation

/// `dubblett link`: match the records of one register against another.
struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Link two registers: each record of the first gets its best match in the second.",
        discussion: """
            Only pairs with one record from each file are compared. It writes these files to --out:

              links.csv      id_a,id_b,match_weight,match_probability: the best match in B per record of A
              pairs.csv      every matched pair with each field's level and weight
              review.csv     cross-file pairs in the review band
              summary.json   counts and time per stage, the blocking report, the model
              dubblett-manifest.json  the run and its complete list of files

            --out is replaced as a whole when the run ends, as for `dubblett dedupe`.

            Exit codes: as for `dubblett dedupe` (0 done, 64 bad options or an output that is an input, 65 \
            unusable data, 66 missing input, 73 --out cannot be written, 74 input changed while read, 75 --out \
            in use, 130 cancelled).

            Example:
              dubblett link kunder.csv spar-utdrag.csv --out länkar
            """
    )

    @Argument(help: "Register A (every record gets its best match in B).")
    var fileA: String

    @Argument(help: "Register B.")
    var fileB: String

    @OptionGroup var options: MatchOptions

    func run() throws {
        try ExitCodes.reporting {
            try options.runAndWrite(
                .link(CSVFile(path: fileA), CSVFile(path: fileB)), inputs: [fileA, fileB], command: "link")
        }
    }
}
