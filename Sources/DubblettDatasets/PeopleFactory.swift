import Dubblett
/// Draws the people of one generator block: names by frequency, birth dates, unique birth numbers,
/// addresses, phones and e-mail; plus the hard negatives that resemble a person without being them.
struct PeopleFactory {
    let t = SwedishTables.shared
    let config: GeneratorConfig
    /// Birth-number slots used in this block, per (birth date, sex, coordination).
    var used: [UInt32: UInt16] = [:]
    let slotBase: Int
    let slotStride: Int
    let mobileDigitPick = WeightedIndex(weights: [40, 20, 25, 10, 5])
    static let mobileDigits: [UInt8] = [0, 2, 3, 6, 9]

    init(config: GeneratorConfig, block: Int, blockCount: Int) {
        self.config = config
        slotStride = max(1, min(blockCount, 499))
        slotBase = block % slotStride
    }

    /// A new, independent person.
    mutating func person(_ rng: inout SplitMix64) -> Person {
        let female = rng.next() & 1 == 0
        let age = rng.chance(config.centenarianRate)
            ? 100 + rng.below(6) : (rng.chance(0.85) ? 18 + rng.below(57) : 75 + rng.below(25))
        let address = newAddress(&rng)
        var p = Person(
            female: female, first: firstName(female: female, &rng),
            second: rng.chance(config.secondGivenNameRate) ? firstName(female: female, &rng) : -1,
            surname: Int32(t.surnamePick.pick(&rng)),
            surname2: rng.chance(config.doubleSurnameRate) ? Int32(t.surnamePick.pick(&rng)) : -1,
            year: 0, month: 0, day: 0, birthNumber: 0, coordination: rng.chance(config.coordinationNumberRate),
            address: address, phone: newPhone(address: address, &rng), email: newEmail(&rng))
        if p.second == p.first { p.second = -1 }
        setBirth(&p, year: config.referenceYear - age, &rng)
        return p
    }

    /// Another person of the same household: same surname, address and landline, another first name
    /// and birth date (a spouse of similar age or a grown child); sometimes the same first name.
    mutating func householdMember(of head: Person, _ rng: inout SplitMix64) -> Person {
        var m = person(&rng)
        m.surname = head.surname
        m.surname2 = head.surname2
        m.address = head.address
        if head.phone.landlineArea >= 0 {
            m.phone = head.phone
        } else if m.phone.landlineArea >= 0 {
            m.phone = newPhone(address: m.address, &rng)
        }
        let headAge = config.referenceYear - Int(head.year)
        let childAge = headAge - 20 - rng.below(20)
        var age = headAge - 6 + rng.below(13)
        if childAge >= 18, rng.chance(0.4) {
            age = childAge
            if rng.chance(config.householdSameFirstNameRate) {
                m.female = head.female
                m.first = head.first
                m.second = -1
            }
        }
        if m.first == head.first, m.female == head.female, age == headAge { age += 1 }
        if m.first == head.first, m.female == head.female, m.second == head.second { m.second = -1 }
        if rng.chance(config.householdTwinRate), m.first != head.first {
            setBirth(&m, year: Int(head.year), month: Int(head.month), day: Int(head.day))
            return m
        }
        setBirth(&m, year: config.referenceYear - max(18, age), &rng)
        if m.first == head.first && m.female == head.female && m.year == head.year {
            setBirth(&m, year: Int(head.year) - 25, &rng)
        }
        return m
    }

    /// A different person with the same first name and surname, living elsewhere.
    mutating func namesake(of other: Person, _ rng: inout SplitMix64) -> Person {
        var n = person(&rng)
        n.female = other.female
        n.first = other.first
        n.second = rng.chance(0.5) ? other.second : -1  // n's own second name may be of the other sex's table
        n.surname = other.surname
        n.surname2 = other.surname2
        if n.year == other.year && n.month == other.month && n.day == other.day {
            setBirth(&n, year: Int(other.year) - 1 - rng.below(30), &rng)
        }
        return n
    }

    /// A family e-mail address (`familjen.<surname>@...`) shared by a household.
    func familyEmail(_ rng: inout SplitMix64) -> Email {
        Email(present: true, style: 8, domain: Int16(t.emailPick.pick(&rng)), number: 0)
    }

    func firstName(female: Bool, _ rng: inout SplitMix64) -> Int32 {
        Int32(female ? t.femalePick.pick(&rng) : t.malePick.pick(&rng))
    }

    /// A random address in a random postal area (weighted by population).
    func newAddress(_ rng: inout SplitMix64) -> Address {
        let postal = t.postalPick.pick(&rng)
        let named = rng.chance(0.04) ? Int16(rng.below(t.namedStreets.count)) : -1
        return Address(
            postal: Int32(postal), postalTail: UInt8(((t.postal[postal].prefix * 37) + 7 * rng.below(12)) % 90 + 10),
            named: named, stem: Int16(rng.below(t.streetStems.count)), suffix: UInt8(t.suffixPick.pick(&rng)),
            number: UInt16(rng.chance(0.7) ? 1 + rng.below(40) : 1 + rng.below(160)),
            letter: rng.chance(0.08) ? 65 + UInt8(rng.below(4)) : 0,
            flat: rng.chance(config.flatNumberRate) ? UInt16((10 + rng.below(5)) * 100 + 1 + rng.below(4)) : 0)
    }

    /// A mobile number (`07X` + 7 digits) or a landline in the address's area code.
    func newPhone(address: Address, _ rng: inout SplitMix64) -> Phone {
        if rng.chance(config.landlineRate) {
            let codeLength = t.postal[Int(address.postal)].areaCode.count
            let digits = codeLength == 2 ? (rng.chance(0.7) ? 7 : 8) : codeLength == 3
                ? (rng.chance(0.6) ? 7 : 6) : (rng.chance(0.6) ? 6 : 5)
            var scale: UInt32 = 1
            for _ in 1..<digits { scale *= 10 }
            let subscriber = UInt32(2 + rng.below(8)) * scale + UInt32(rng.below(Int(scale)))
            return Phone(landlineArea: address.postal, mobileDigit: 0, subscriber: subscriber, digits: UInt8(digits))
        }
        return Phone(landlineArea: -1, mobileDigit: Self.mobileDigits[mobileDigitPick.pick(&rng)],
                     subscriber: UInt32(rng.below(10_000_000)), digits: 7)
    }

    /// An e-mail address style and domain (or none, at `1 − emailRate`).
    func newEmail(_ rng: inout SplitMix64) -> Email {
        Email(present: rng.chance(config.emailRate), style: UInt8(rng.below(8)), domain: Int16(t.emailPick.pick(&rng)),
              number: UInt16(1 + rng.below(998)))
    }

    /// Sets a birth date in `year` and a birth number unique within the register (see the type docs
    /// of `RegisterGenerator`): a full date moves to the next day.
    mutating func setBirth(_ p: inout Person, year: Int, _ rng: inout SplitMix64) {
        let month = 1 + rng.below(12)
        setBirth(&p, year: year, month: month, day: 1 + rng.below(Self.daysIn(month: month, year: year)))
    }

    /// Sets the birth date `year-month-day` (or the next day with a free birth number).
    mutating func setBirth(_ p: inout Person, year: Int, month: Int, day: Int) {
        var day = day
        p.year = Int16(year)
        p.month = UInt8(month)
        let days = Self.daysIn(month: month, year: year)
        for attempt in 0..<(days + 1) {
            let key = UInt32(year) << 12 | UInt32(month) << 7 | UInt32(day) << 2
                | (p.female ? 2 : 0) | (p.coordination ? 1 : 0)
            let count = Int(used[key] ?? 0)
            let slot = slotBase + slotStride * count
            if slot < 499 || attempt == days {
                used[key] = UInt16(min(count + 1, Int(UInt16.max)))
                // Rotate slots by a per-date offset so numbers look random but stay distinct.
                let rotated = (slot % 499 + Int((UInt64(key) &* 0x9E37_79B9_7F4A_7C15) >> 40) % 499) % 499
                p.birthNumber = UInt16(p.female ? 2 * (rotated + 1) : 2 * rotated + 1)
                p.day = UInt8(day)
                return
            }
            day = day % days + 1
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
