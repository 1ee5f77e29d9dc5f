/// Declared columns (`ExtraColumn`) meeting a register: a year-of-birth column found by its header, the
/// declared columns' comparisons placed among the preset's, and declarations that name no column refused.
extension MatchSettings {
    /// These settings with a year-of-birth column (`Födelseår`, `birth_year`; `ExtraColumn.birthYearHeaders`)
    /// declared as a date when the file declares nothing on that column, and — when the file gives no
    /// `comparisons` — every declared column with `compare` among the comparisons.
    ///
    /// Comparisons pack four bits each into 32, so at most eight are made. A declared column takes, in this
    /// order, the place of a preset comparison whose column the register lacks (personnummer, birth date,
    /// phone, e-mail, identifier, organisationsnummer, gender), a free place, or the place of the last preset
    /// comparison of the address (postal code, then city, then street). Every choice is returned as a note
    /// for `inspect` and the run's progress.
    public func placingDeclaredColumns(in store: RecordStore) -> (MatchSettings, notes: [String]) {
        var s = self
        var notes: [String] = []
        if s.extraColumns.count < ExtraColumn.limit {
            for (c, info) in store.columns.enumerated()
            where ExtraColumn.birthYearHeaders.contains(HeaderRoles.fold(info.name)) && info.role == nil
                && !s.extraColumns.contains(where: { $0.index(in: store) == c })
                && !s.extraColumns.contains(where: { $0.name == "birth_year" })
            {
                s.extraColumns.append(ExtraColumn(name: "birth_year", column: info.name, kind: .date))
                notes.append("column \(c + 1) (\"\(info.name)\") is a year of birth: compared as a date at year level")
                break
            }
        }
        guard !explicitComparisons else { return (s, notes) }
        func absent(_ f: ComparisonField) -> Bool {
            switch f {
            case .personnummer: return store.column(for: .personnummer) == nil
            case .birthDate: return store.column(for: .birthDate) == nil && store.column(for: .personnummer) == nil
            case .phone: return store.column(for: .phone) == nil
            case .email: return store.column(for: .email) == nil
            case .identifier: return store.column(for: .identifier) == nil
            case .organisationsnummer: return store.column(for: .organisationsnummer) == nil
            case .gender: return store.column(for: .gender) == nil
            default: return false
            }
        }
        for e in s.extraColumns.prefix(ExtraColumn.limit) where e.compare {
            let spec = e.comparison
            if s.comparisons.contains(where: { $0.name == spec.name }) { continue }
            if let i = s.comparisons.firstIndex(where: { !$0.field.isDeclared && absent($0.field) }) {
                notes.append("\(e.name) (\(e.kind.rawValue)) is compared in place of \(s.comparisons[i].name), which has no column")
                s.comparisons[i] = spec
            } else if s.comparisons.count < 8 {
                notes.append("\(e.name) (\(e.kind.rawValue)) is compared")
                s.comparisons.append(spec)
            } else if let i = [ComparisonField.postalCode, .city, .street].lazy.compactMap({ f in
                s.comparisons.lastIndex { $0.field == f }
            }).first {
                notes.append(
                    "\(e.name) (\(e.kind.rawValue)) is compared in place of \(s.comparisons[i].name) (eight comparisons at most)")
                s.comparisons[i] = spec
            } else {
                notes.append("\(e.name) is not compared: eight comparisons at most; list the comparisons in the settings")
            }
        }
        return (s, notes)
    }

    /// Problems with the declared columns against a register's columns: each declaration must name one.
    public func declaredColumnProblems(in store: RecordStore) -> [String] {
        extraColumns.enumerated().compactMap { i, e in
            e.index(in: store) != nil ? nil
                : (i < declaredAt.count ? "\(declaredAt[i]): " : "")
                    + "extra_columns[\(i)].column: \(store.sourceName) has no column \"\(e.column)\"; its columns are "
                    + store.columns.map(\.name).joined(separator: ", ") + " (a 1-based column number also works)"
        }
    }
}
