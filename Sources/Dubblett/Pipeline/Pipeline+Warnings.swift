/// Warnings a run gives when its result is empty for a reason the user can fix.
extension Pipeline {
    /// A message when no blocking rule found a single pair among two or more records, else `nil`.
    ///
    /// Without candidate pairs every record is a singleton, which looks like a clean register. When no
    /// record has every part of any rule (no column for personnummer, phone, e-mail, postal code, names
    /// or birth date was found, or they are all empty) the run says so and how to give the columns.
    static func noBlockingWarning(_ features: FeatureTable, _ report: BlockingReport) -> String? {
        guard features.count >= 2, report.totalPairs == 0 else { return nil }
        if report.rules.allSatisfy({ $0.recordsKeyed == 0 }) {
            return "no blocking rule applies: no record has a value for every part of any rule ("
                + report.rules.map(\.name).joined(separator: "; ")
                + "), so no pair was compared and every record is its own cluster. Check the column roles with "
                + "`dubblett inspect` and give missing ones with --column role=header (or rules with --settings)"
        }
        return "no two records share a blocking key (rules: " + report.rules.map(\.name).joined(separator: "; ")
            + "), so no pair was compared and every record is its own cluster"
    }
}
