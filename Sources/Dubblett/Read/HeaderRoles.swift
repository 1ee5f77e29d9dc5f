/// Maps header names to `FieldRole`s: Swedish and English synonyms, case- and accent-insensitive.
///
/// A header is folded before lookup: lower-cased, å/ä/à/á→a, ö/ø/ó→o, é/è/ë→e, ü→u, and everything
/// that is not a letter or digit dropped, so "Förnamn", "FIRST_NAME", "E-post" and "Post nr." become
/// `fornamn`, `firstname`, `epost`, `postnr`. Deliberately *not* mapped: `postadress` (in Swedish
/// exports it is as often the "12345 Ort" line as the street), `c/o` and `adress2` (not the street),
/// `kommun`/`lan` (not the postal town), `fodelsear` (a year is not a date).
public enum HeaderRoles {
    /// Folded header text (see the type documentation).
    public static func fold(_ header: String) -> String {
        var out = ""
        out.reserveCapacity(header.utf8.count)
        for ch in header.lowercased().unicodeScalars {
            switch ch {
            case "a"..."z", "0"..."9": out.unicodeScalars.append(ch)
            case "å", "ä", "à", "á", "â", "æ": out += "a"
            case "ö", "ø", "ó", "ò", "ô": out += "o"
            case "é", "è", "ê", "ë": out += "e"
            case "ü", "ú", "ù", "û": out += "u"
            case "í", "ì", "ï": out += "i"
            default: break
            }
        }
        return out
    }

    /// Folded synonym → role.
    static let synonyms: [String: FieldRole] = {
        var m: [String: FieldRole] = [:]
        func add(_ role: FieldRole, _ names: [String]) { for n in names { m[n] = role } }
        add(.id, [
            "id", "kundid", "kundnr", "kundnummer", "customerid", "customerno", "customernumber", "clientid",
            "recordid", "rowid", "lopnr", "lopnummer", "medlemsnr", "medlemsnummer", "memberid", "membernumber",
            "uid", "uuid", "guid", "personid", "kontaktid", "contactid", "externalid", "externtid", "recid",
        ])
        add(.firstName, [
            "fornamn", "fornamnen", "tilltalsnamn", "firstname", "first", "givenname", "givennames", "forename",
            "forenames", "fname", "christianname",
        ])
        add(.lastName, [
            "efternamn", "slaktnamn", "familjenamn", "lastname", "last", "surname", "familyname", "lname",
        ])
        add(.fullName, [
            "namn", "name", "fullname", "fulltnamn", "fullstandigtnamn", "helanamnet", "kundnamn", "customername",
            "personnamn", "kontaktnamn", "contactname", "kontaktperson", "kontakt", "contactperson", "contact",
            "referens", "referensperson",
        ])
        add(.street, [
            "gatuadress", "adress", "address", "street", "streetaddress", "gata", "utdelningsadress", "bostadsadress",
            "hemadress", "adress1", "address1", "adressrad1", "addressline1", "gatuadress1", "street1", "addr",
        ])
        add(.postalCode, [
            "postnummer", "postnr", "postalcode", "postcode", "zip", "zipcode", "postnumber", "postkod",
        ])
        add(.city, ["postort", "ort", "city", "stad", "town", "ortnamn", "postalcity", "postaltown", "locality"])
        add(.phone, [
            "telefon", "telefonnummer", "telefonnr", "tel", "telnr", "tfn", "phone", "phonenumber", "phoneno",
            "telephone", "vaxel", "vaxelnummer", "vaxelnr", "vaxeltelefon", "telefonvaxel", "huvudnummer",
            "foretagstelefon", "switchboard", "mobil", "mobilnummer", "mobilnr", "mobiltelefon", "mobiltel", "mobile", "mobilephone",
            "mobilenumber", "cell", "cellphone", "hemtelefon", "mobiltelefonnummer",
        ])
        add(.email, [
            "epost", "epostadress", "email", "emailadress", "emailaddress", "mail", "mailadress", "mailaddress",
            "mejl", "mejladress", "emailadr",
        ])
        add(.personnummer, [
            "personnummer", "personnr", "pnr", "persnr", "pnummer", "ssn", "personalnumber",
            "personalidentitynumber", "personalidnumber", "socialsecuritynumber", "nationalid", "samordningsnummer",
            "personorgnr", "personnummerorgnr",
        ])
        add(.postalAddress, [
            "postnrort", "postnummerort", "postnrochort", "postnummerochort", "postnrpostort", "postnummerpostort",
            "postnummerochpostort", "postnrochpostort", "zipcity", "postcodecity", "postalcodecity",
        ])
        add(.organisationsnummer, [
            "organisationsnummer", "organisationsnr", "orgnr", "orgnummer", "organisationnumber",
            "organizationnumber", "orgno", "companyregistrationnumber", "companynumber", "foretagsnummer",
        ])
        add(.companyName, [
            "foretagsnamn", "foretag", "firmanamn", "firma", "bolagsnamn", "bolag", "companyname", "company",
            "organisationsnamn", "organisationnamn", "organizationname", "businessname", "foretagetsnamn",
            "kundforetag", "juridisktnamn", "registreratnamn",
        ])
        add(.identifier, [
            "socsecid", "socialsecurityid", "identifier", "identitetsnummer", "idnummer", "idnumber",
        ])
        add(.houseNumber, [
            "streetnumber", "streetno", "housenumber", "houseno", "gatunummer", "husnummer", "gatunr",
        ])
        add(.gender, ["kon", "gender", "sex", "kjonn", "kjon"])
        add(.birthDate, [
            "fodelsedatum", "fodelsedag", "fodd", "birthdate", "dateofbirth", "dob", "birthday", "fdatum",
        ])
        return m
    }()

    /// The role a header name suggests, if any.
    public static func role(forHeader header: String) -> FieldRole? { synonyms[fold(header)] }

    /// Roles for all columns: overrides first, then synonyms; each role goes to its first column.
    /// - Throws: `ReadError.unknownColumn` if an override names no column.
    static func assign(
        headers: [String], overrides: [FieldRole: String]
    ) throws(ReadError) -> [FieldRole?] {
        var roles = [FieldRole?](repeating: nil, count: headers.count)
        var taken = Set<FieldRole>()
        let folded = headers.map(fold)
        for (role, wanted) in overrides.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            if wanted == "-" {  // `--column email=-`: no column has this role, none is inferred
                taken.insert(role)
                continue
            }
            var index = headers.firstIndex(of: wanted) ?? folded.firstIndex(of: fold(wanted))
            if index == nil, let n = Int(wanted.trimmingPrefix("#")), n >= 1, n <= headers.count { index = n - 1 }
            guard let i = index else { throw .unknownColumn(role: role, header: wanted, available: headers) }
            roles[i] = role
            taken.insert(role)
        }
        for i in headers.indices where roles[i] == nil && !overrides.values.contains(headers[i]) {
            if var r = synonyms[folded[i]] ?? numberedAlternate(folded[i]) {
                // A second id-like column (`id` first, then `customer_number`) is the entity's own number.
                if r == .id && taken.contains(.id) { r = .identifier }
                if taken.contains(r) { continue }
                roles[i] = r
                taken.insert(r)
            }
        }
        return roles
    }

    /// The phone or e-mail role of a numbered header ("Telefon 1", "E-post 2"), or nil. Only these
    /// roles: "Adress 2" is a second address line, not the street.
    static func numberedAlternate(_ folded: String) -> FieldRole? {
        guard folded.contains(where: \.isNumber), let r = synonyms[folded.filter { !$0.isNumber }],
              alternateRoles.contains(r) else { return nil }
        return r
    }

    /// Roles that may have further columns backing up the first one (Telefon and Mobil; E-post and
    /// E-post 2): a value missing from the first column is taken from the next.
    static let alternateRoles: Set<FieldRole> = [.phone, .email]

    /// For columns without a role: the phone or e-mail role their header names when an earlier column
    /// holds it, else nil.
    static func alternates(headers: [String], roles: [FieldRole?]) -> [FieldRole?] {
        headers.indices.map { i in
            let folded = fold(headers[i])
            guard roles[i] == nil, let r = synonyms[folded] ?? numberedAlternate(folded), alternateRoles.contains(r),
                  roles[..<i].contains(r) else { return nil }
            return r
        }
    }
}
