/// Decides whether a file's first line is a header or its first record, from evidence, never by default.
///
/// A header that is really a record is a privacy leak and a lost row: the cells (a name, a street, an
/// e-mail) become column names that `inspect`, `validate` and the `--column` error print, and the row is
/// missing from every result. So the first line is a header only when something says so:
/// - the cells are a numbered or lettered series (`h1,h2,h3`, `a,b,c`); or
/// - a cell is a known header word (a role synonym such as `Förnamn`, `E-post`, `Kundnr`, a common
///   column word such as `Status`, `Datum`, `Kommentar`, `entity_id`, or a `snake_case` name), and no
///   more of its cells look like values than like names; or
/// - no cell is either, but in two columns (or in every column) whose values below nearly all carry
///   digits (street with number, customer number, date) the first cell has none (`Adr,Kod` over
///   `Storgatan 1,K17`); one such column is not enough, a street may lack its number.
/// It is a record when a cell is a personnummer, phone number or e-mail address, when most cells look
/// like values (number, date), when
/// any cell looks like a value and none is a header word, when a first cell recurs among the values
/// below it (a header word is not also a value of its column), and when nothing speaks for a header
/// (a first line of names and places over more of the same). A record keeps its place as row 1 and
/// the columns are called `column_1 … column_n`.
enum HeaderEvidence {
    /// Folded column words that are not roles but are common in exports (`HeaderRoles.fold` form).
    static let words: Set<String> = [
        "status", "typ", "type", "kategori", "category", "datum", "date", "skapad", "created", "createdat",
        "andrad", "uppdaterad", "updated", "updatedat", "kommentar", "kommentarer", "comment", "comments",
        "anteckning", "anteckningar", "note", "notes", "land", "country", "landskod", "countrycode", "kon",
        "gender", "sex", "alder", "age", "belopp", "amount", "summa", "kommun", "lan", "region", "titel", "title",
        "foretag", "company", "organisation", "organization", "kontakt", "contact", "kundtyp", "segment",
        "source", "kalla", "entity", "entityid", "cluster", "clusterid", "clustersize", "group", "groupid",
        "personid", "trueid", "matchid", "weight", "vikt", "score", "level", "niva", "nr", "nummer", "number",
        "no", "kod", "code", "beskrivning", "description", "value", "varde", "co", "careof", "adress2",
        "address2", "lagenhet", "lgh", "apartment", "postadress", "fodelsear", "birthyear", "sprak", "language",
        "medlem", "member", "kund", "customer", "konto", "account", "ida", "idb", "ida1", "idb1",
    ]

    /// Whether `text` reads as a column name: a role synonym, a common column word, or a `snake_case` name.
    static func isHeaderWord(_ text: String) -> Bool {
        let folded = HeaderRoles.fold(text)
        if folded.isEmpty { return false }
        if HeaderRoles.synonyms[folded] != nil || words.contains(folded) { return true }
        let letters = folded.filter { !$0.isNumber }
        if letters != folded, HeaderRoles.synonyms[letters] != nil || words.contains(letters) { return true }
        return text.contains("_") && !text.contains("@") && !text.contains(" ")
            && text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// Whether the cells are a numbered series of names, `h1,h2,h3` or `Fält 1;Fält 2` (one prefix, numbers
    /// counting up by one from 0 or 1), or the letters `a,b,c`: generated column names, never a record.
    static func isNumberedSeries(_ cells: [String]) -> Bool {
        // Letters in order from a (`a,b,c`, `A;B;C`), as spreadsheets name columns.
        let letters = cells.compactMap { $0.count == 1 ? $0.unicodeScalars.first : nil }
        if letters.count == cells.count, let first = letters.first, first == "a" || first == "A",
            zip(letters, letters.dropFirst()).allSatisfy({ $1.value == $0.value + 1 })
        {
            return true
        }
        var prefix: Substring?
        var expected: Int?
        for cell in cells {
            guard let cut = cell.lastIndex(where: { !$0.isNumber }).map(cell.index(after:)), cut < cell.endIndex,
                  let number = Int(cell[cut...]) else { return false }
            let head = cell[..<cut]
            guard head.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return false }
            if let prefix, prefix != head { return false }
            if let expected, number != expected { return false }
            if expected == nil && number > 1 { return false }
            prefix = head
            expected = number + 1
        }
        return prefix != nil
    }

    /// Whether a cell is a personal identifier (personnummer, phone number, e-mail address), which no
    /// column name is.
    static func isIdentifier(_ text: String) -> Bool {
        if case .valid = Personnummer.parse(text, referenceDate: 0) { return true }
        if case .valid = PhoneNumber.parse(text) { return true }
        if text.contains("@"), case .valid = EmailAddress.normalise(text).1 { return true }
        return false
    }

    /// Whether the first line (`cells`, decoded and trimmed) is a record; `below` holds the next lines' cells.
    static func firstLineIsData(_ cells: [String], below: [[String]]) -> Bool {
        let filled = cells.indices.filter { !cells[$0].isEmpty }
        if filled.isEmpty { return false }
        if filled.contains(where: { isIdentifier(cells[$0]) }) { return true }
        if isNumberedSeries(filled.map { cells[$0] }) { return false }
        let dataLike = filled.filter { CSVReader.looksLikeData(cells[$0]) }.count
        let known = filled.filter { !CSVReader.looksLikeData(cells[$0]) && isHeaderWord(cells[$0]) }.count
        if dataLike * 2 > filled.count { return true }
        // A value of a column that recurs below is data whatever the other cells say.
        for j in filled where !isHeaderWord(cells[j]) {
            let cell = cells[j].lowercased()
            if cell.count >= 2 && below.contains(where: { j < $0.count && $0[j].lowercased() == cell }) { return true }
        }
        if known > 0 { return dataLike > known }
        if dataLike > 0 { return true }
        // No word either way: a first cell without digits over a column of values with digits is a name,
        // when it happens in two columns or in every column (one street without a house number is not).
        var mismatches = 0
        for j in filled where !cells[j].contains(where: \.isNumber) {
            let values = below.compactMap { j < $0.count && !$0[j].isEmpty ? $0[j] : nil }
            guard !values.isEmpty else { continue }
            let withDigits = values.filter { $0.contains(where: \.isNumber) }.count
            if withDigits * 10 >= values.count * 9 { mismatches += 1 }
        }
        return !(mismatches >= 2 || mismatches == filled.count)
    }
}
