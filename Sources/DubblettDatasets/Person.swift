import Dubblett
/// One true person of a generated register, held as table indices and numbers (no strings).
///
/// A person yields one or more records; each record renders the person through the corruptions of
/// `GeneratorConfig`. Household members and namesakes are separate persons (different entity ids).
struct Person {
    var female: Bool
    var first: Int32
    var second: Int32  // -1: no second given name
    var surname: Int32
    var surname2: Int32  // -1: no double surname
    var year: Int16
    var month: UInt8
    var day: UInt8
    var birthNumber: UInt16  // 001...999, odd for men, even for women
    var coordination: Bool  // samordningsnummer: day + 60
    var address: Address
    var phone: Phone
    var email: Email
}

/// A street address with its postal area.
struct Address {
    var postal: Int32  // index into SwedishTables.postal
    var postalTail: UInt8  // last two digits of the postal code
    var named: Int16  // index into namedStreets, or -1 for stem + suffix
    var stem: Int16
    var suffix: UInt8
    var number: UInt16
    var letter: UInt8  // 0 or an ASCII capital
    var flat: UInt16  // 0 or a lägenhetsnummer such as 1102
}

/// A phone number: mobile `07X` + 7 digits, or a landline in the area code of a postal area.
struct Phone {
    var landlineArea: Int32  // -1 = mobile, else index of the postal area whose area code is used
    var mobileDigit: UInt8  // the X of 07X
    var subscriber: UInt32
    var digits: UInt8  // subscriber digits
}

/// An e-mail address built from the person's name: local-part style, domain and a number.
struct Email {
    var present: Bool
    var style: UInt8
    var domain: Int16
    var number: UInt16
}
