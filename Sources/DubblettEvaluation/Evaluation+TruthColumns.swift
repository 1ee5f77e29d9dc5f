import Dubblett

/// Which columns of a truth file are the record id and the true entity, or why the file cannot be used.
extension Evaluation {
    /// Header names of the record id in a truth file, compared case-insensitively.
    public static let truthIdHeaders = ["id", "record_id", "row_id", "rec_id"]
    /// Header names of the true entity in a truth file.
    public static let truthEntityHeaders = ["entity_id", "entity", "cluster_id", "person_id", "true_id", "match_id"]

    /// The id and entity columns of `store`, read from the truth file at `path`.
    ///
    /// The header must name both (`id,entity_id` as `dubblett generate` writes, or a synonym in
    /// `truthIdHeaders` / `truthEntityHeaders`); a header such as `foo,bar` is not read by position,
    /// because a truth read wrongly scores any prediction without a word. Only a file without a header
    /// line (its first line is data: the reader names its columns `column_1`, `column_2`) is read by
    /// position, id then entity. A truth without records is an error too: it would score 100 %.
    /// - Throws: `EvaluationFileError` saying what to change.
    public static func truthColumns(_ store: RecordStore, path: String) throws -> (id: Int, entity: Int) {
        guard store.columns.count >= 2 else {
            throw EvaluationFileError(path: path, reason: """
                the truth needs two columns, id and entity_id (found \(store.columns.count)); \
                `dubblett generate` writes one beside each register
                """)
        }
        guard store.rowCount > 0 else {
            throw EvaluationFileError(path: path, reason: """
                the truth has no records\(store.issues.excludedRows > 0 ? " that can be used" : ""), only a header \
                line; there is nothing to score against. Give a truth with one line per record: id,entity_id
                """)
        }
        let names = store.columns.map { $0.name.lowercased().trimmingCharacters(in: .whitespaces) }
        let id = truthIdHeaders.lazy.compactMap { names.firstIndex(of: $0) }.first
        let entity = truthEntityHeaders.lazy.compactMap { names.firstIndex(of: $0) }.first
        if let id, let entity, id != entity { return (id, entity) }
        if store.issues.counts[.headerLooksLikeData] != nil { return (0, 1) }
        var missing: [String] = []
        if id == nil { missing.append("id column (\(truthIdHeaders.joined(separator: ", ")))") }
        if entity == nil { missing.append("entity column (\(truthEntityHeaders.joined(separator: ", ")))") }
        throw EvaluationFileError(path: path, reason: """
            the truth's header names no \(missing.joined(separator: " and no ")); its columns are \
            \(store.columns.map(\.name).joined(separator: ", ")). Name them id and entity_id \
            (a file without a header line is read as id, entity_id by position)
            """)
    }
}
