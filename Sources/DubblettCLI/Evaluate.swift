import ArgumentParser

/// `dubblett evaluate`: placeholder replaced below in this branch.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Score predicted clusters against a truth file.")
    func run() throws { throw ValidationError("evaluate is not built yet") }
}
