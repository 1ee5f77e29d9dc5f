#!/usr/bin/env python3
"""Makes registers of other shapes than the Swedish person register, each with its truth, and scores them.

    python3 scripts/registers.py make DIR [--rows N] [--seed S]   # writes DIR/<shape>/register.csv + truth.csv
    python3 scripts/registers.py score DIR                          # needs a release build; runs dubblett dedupe --truth

Shapes (seeded; the same seed gives the same bytes):
  - foretag: a Swedish B2B company register. Företagsnamn with its legal form written many ways (AB, Aktiebolag,
    HB, Handelsbolag, KB, Kommanditbolag, Ek. för., Ekonomisk förening, "(publ)", "i likvidation", "i <ort>"),
    Org.nr (sole traders carry a personnummer-shaped one) missing or formatted differently on some duplicates,
    Kontaktperson (often another person at the same company on a duplicate), Växel, a domain e-mail. Decoys:
    sister companies sharing address, switchboard and e-mail domain with a name that shares words.
  - utan-id: persons with one name column, one free-text address line ("Storgatan 12 B lgh 1102, 114 53
    Stockholm") and e-mail, no personnummer or birth date. Built from the bundled sample (its households, twins
    and namesakes are the traps), so only the layout is new.
  - medlem: an English-header membership register: customer_number (copied on half the duplicates, blank on
    the rest), first/last name, number-first US street addresses, city, state, ZIP, US phones, e-mail, dates of
    birth as MM/DD/YYYY. Households (a spouse or child at the same address, same surname and phone) as decoys.

Nothing here is tuned against the engine: the rates are written down before any run and never changed to move
a score.
"""
import csv
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "dubblett")
SAMPLE = os.path.join(ROOT, "datasets", "sample", "register.csv")
SAMPLE_TRUTH = os.path.join(ROOT, "datasets", "sample", "truth.csv")


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def luhn_digit(digits):
    s = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        s += d - 9 if d > 9 else d
    return str((10 - s % 10) % 10)


def typo(rng, s):
    """One keyboard-style edit: drop, double, swap or replace a letter."""
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    k = rng.random()
    if k < 0.25:
        return s[:i] + s[i + 1:]
    if k < 0.5:
        return s[:i] + s[i] + s[i:]
    if k < 0.75 and s[i] != s[i + 1]:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + rng.choice("aeiourstnlkm") + s[i + 1:]


def common(values, at_least=3):
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    return sorted(v for v, n in counts.items() if n >= at_least)


class Vocabulary:
    """Swedish first names, surnames, streets and postal places taken from the bundled sample."""

    def __init__(self):
        rows = read(SAMPLE)
        h = rows[0]
        col = {n: h.index(n) for n in h}
        # Only forms seen at least three times: the sample's own typos stay out of the vocabulary.
        self.first = common(r[col["förnamn"]].split()[0].title() for r in rows[1:] if r[col["förnamn"]].strip())
        self.last = common(r[col["efternamn"]].strip().title() for r in rows[1:]
                           if r[col["efternamn"]].strip() and " " not in r[col["efternamn"]].strip())
        streets = []
        for r in rows[1:]:
            m = re.match(r"([A-Za-zÅÄÖåäöéü ]+?)\s+\d", r[col["gatuadress"]])
            if m and len(m.group(1)) > 5:
                streets.append(m.group(1).strip())
        self.streets = common(streets)
        places = set()
        for r in rows[1:]:
            pc = re.sub(r"\D", "", r[col["postnummer"]])
            if len(pc) == 5 and r[col["postort"]].strip() and r[col["postort"]].strip()[0].isupper():
                places.add((pc, r[col["postort"]].strip()))
        self.places = sorted(places)


# --------------------------------------------------------------------------------------------- companies
TRADES = ["Bygg", "Måleri", "El", "VVS", "Konsult", "Redovisning", "Fastigheter", "Transport", "Data", "Design",
          "Snickeri", "Plåt", "Trädgård", "Städ", "Revision", "Juridik", "Media", "Logistik", "Teknik", "Handel",
          "Fastighetsförvaltning", "Marknadsföring", "Catering", "Frisör", "Tandvård", "Åkeri", "Bil", "Mark"]
SISTER = ["Holding", "Förvaltning", "Invest", "Fastigheter", "Service", "Nord", "Syd", "Väst", "Öst", "Sverige"]
INVENTED = ["Nordkap", "Alfa", "Solvik", "Björkdal", "Granit", "Polaris", "Vega", "Ekdahl", "Lindblad", "Stjärn",
            "Fyrtorn", "Kustlinje", "Mälardal", "Fjällvind", "Ekorre", "Blåbär", "Kronan", "Havsörn", "Tallbacken"]
FORMS = {  # legal form: (share, written forms, first digit of org.nr)
    "AB": (0.62, ["AB", "AB", "AB", "Aktiebolag", "Aktiebolaget", "aktiebolag", "A.B."], "5"),
    "HB": (0.10, ["HB", "HB", "Handelsbolag", "Handelsbolaget", "H.B."], "9"),
    "KB": (0.05, ["KB", "KB", "Kommanditbolag", "Kommanditbolaget"], "9"),
    "EF": (0.06, ["Ek. för.", "ek för", "Ekonomisk förening", "ekonomisk förening", "Ek.för."], "7"),
    "EnF": (0.17, ["", "", "Enskild firma"], None),
}


def orgnr(rng, first_digit):
    if first_digit is None:  # sole trader: a personnummer
        y, m, d = rng.randrange(40, 100), rng.randrange(1, 13), rng.randrange(1, 29)
        body = f"{y:02d}{m:02d}{d:02d}{rng.randrange(0, 1000):03d}"
    else:
        body = first_digit + str(rng.randrange(0, 10)) + str(rng.randrange(20, 100)) + f"{rng.randrange(0, 100000):05d}"
    return body + luhn_digit(body)


def company_name(rng, base, form):
    share, written, _ = FORMS[form]
    w = rng.choice(written)
    if form == "AB" and w == "Aktiebolaget" and rng.random() < 0.5:
        return f"Aktiebolaget {base}"
    return f"{base} {w}".strip()


def make_companies(vocab, rows, seed):
    rng = random.Random(seed)
    out = [["id", "Företagsnamn", "Org.nr", "Kontaktperson", "Gatuadress", "Postnummer", "Postort", "Växel",
            "E-post"]]
    truth = [["id", "entity_id"]]
    entity = 0
    forms = list(FORMS)
    weights = [FORMS[f][0] for f in forms]
    while len(out) - 1 < rows:
        entity += 1
        group = [entity]
        owner_last = rng.choice(vocab.last)
        if rng.random() < 0.5:
            base = f"{owner_last}s {rng.choice(TRADES)}" if rng.random() < 0.4 else f"{owner_last} {rng.choice(TRADES)}"
        else:
            base = f"{rng.choice(INVENTED)}{rng.choice(['', ' ', ''])}{rng.choice(TRADES).lower() if rng.random() < 0.5 else ''}".strip()
            if rng.random() < 0.4:
                base += " " + rng.choice(TRADES)
        form = rng.choices(forms, weights)[0]
        if form == "EnF":
            base = f"{rng.choice(vocab.first)} {owner_last} {rng.choice(TRADES)}"
        pc, town = rng.choice(vocab.places)
        street = f"{rng.choice(vocab.streets)} {rng.randrange(1, 90)}"
        switch = f"0{rng.choice(['8', '31', '40', '18', '13', '60', '90', '21'])}-{rng.randrange(100000, 999999)}"
        domain = re.sub(r"[^a-z]", "", base.lower().translate(str.maketrans("åäöé", "aaoe")))[:18] + rng.choice(
            [".se", ".se", ".com", ".nu"])
        org = orgnr(rng, FORMS[form][2])
        contacts = [f"{rng.choice(vocab.first)} {rng.choice(vocab.last)}" for _ in range(3)]
        company = dict(base=base, form=form, org=org, pc=pc, town=town, street=street, switch=switch,
                       domain=domain, contacts=contacts)
        # A sister company: same address, switchboard and domain; a name sharing the owner's or base words.
        sisters = []
        if rng.random() < 0.12:
            entity += 1
            sb = base.split()[0] + " " + rng.choice(SISTER) if rng.random() < 0.6 else base + " " + rng.choice(SISTER)
            sisters.append((entity, dict(company, base=sb, form="AB", org=orgnr(rng, "5"),
                                         contacts=[contacts[0]] + contacts[1:] if rng.random() < 0.5 else
                                         [f"{rng.choice(vocab.first)} {rng.choice(vocab.last)}"])))
        copies = 1 + (rng.choices([0, 1, 2, 3], [0.55, 0.3, 0.1, 0.05])[0])
        for i in range(copies):
            out.append(render_company(rng, company, duplicate=i > 0))
            truth.append([str(len(out) - 1), str(entity if not sisters else group[0])])
        for ent, sister in sisters:
            for i in range(1 + (rng.random() < 0.3)):
                out.append(render_company(rng, sister, duplicate=i > 0))
                truth.append([str(len(out) - 1), str(ent)])
    for i in range(1, len(out)):
        out[i][0] = str(i)
    return out, truth


def render_company(rng, c, duplicate):
    name = company_name(rng, c["base"], c["form"])
    if duplicate:
        k = rng.random()
        if k < 0.08:
            name += " (publ)" if c["form"] == "AB" else ""
        elif k < 0.14:
            name += " i likvidation"
        elif k < 0.20:
            name += " i " + c["town"]
        elif k < 0.28:
            name = typo(rng, name)
        elif k < 0.34:
            name = name.upper()
    org = c["org"]
    if duplicate and rng.random() < 0.3:
        org = ""
    elif org:
        k = rng.random()
        org = org[:6] + "-" + org[6:] if k < 0.6 else org if k < 0.85 else "16" + org if c["form"] != "EnF" else "19" + org
    contact = rng.choice(c["contacts"]) if duplicate and rng.random() < 0.35 else c["contacts"][0]
    if rng.random() < 0.05:
        contact = ""
    first, last = contact.split(" ", 1) if contact else ("", "")
    if contact and rng.random() < 0.3:
        email = f"{first.lower()}.{last.lower()}@{c['domain']}".translate(str.maketrans("åäöé", "aaoe"))
    else:
        email = rng.choice(["info@", "kontakt@", "order@"]) + c["domain"]
    if duplicate and rng.random() < 0.15:
        email = ""
    street, pc, town = c["street"], c["pc"], c["town"]
    if duplicate and rng.random() < 0.08:  # moved office
        street = street.split()[0] + " " + str(rng.randrange(1, 90))
    if duplicate and rng.random() < 0.3:
        pc = pc[:3] + " " + pc[3:]
    switch = c["switch"]
    if duplicate and rng.random() < 0.3:
        switch = "+46 " + switch[1:].replace("-", " ")
    if duplicate and rng.random() < 0.1:
        switch = ""
    return ["", name, org, contact, street, pc, town, switch, email]


# ----------------------------------------------------------------------------------------- without ids
def make_without_identifiers():
    rows, truth = read(SAMPLE), read(SAMPLE_TRUTH)
    h = rows[0]
    col = {n: h.index(n) for n in h}
    out = [["id", "namn", "adress", "e-post"]]
    for r in rows[1:]:
        name = f"{r[col['förnamn']].strip()} {r[col['efternamn']].strip()}".strip()
        place = f"{r[col['postnummer']].strip()} {r[col['postort']].strip()}".strip()
        line = ", ".join(p for p in (r[col["gatuadress"]].strip(), place) if p)
        out.append([r[col["id"]], name, line, r[col["e-post"]]])
    return out, truth


# ---------------------------------------------------------------------------------------------- members
US_FIRST = ["James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
            "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
            "Christopher", "Lisa", "Daniel", "Nancy", "Matthew", "Betty", "Anthony", "Sandra", "Mark", "Margaret",
            "Donald", "Ashley", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna", "Joshua", "Michelle",
            "Kenneth", "Carol", "Kevin", "Amanda", "Brian", "Melissa", "George", "Deborah", "Timothy", "Stephanie",
            "Ronald", "Rebecca", "Jason", "Laura", "Edward", "Helen", "Jeffrey", "Sharon", "Ryan", "Cynthia"]
US_NICK = {"William": "Bill", "Robert": "Bob", "Richard": "Rick", "James": "Jim", "Elizabeth": "Liz",
           "Margaret": "Peggy", "Michael": "Mike", "Joseph": "Joe", "Thomas": "Tom", "Kimberly": "Kim"}
US_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
           "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
           "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams",
           "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts", "Gomez", "Phillips",
           "Evans", "Turner", "Diaz", "Parker", "Cruz", "Edwards", "Collins", "Reyes", "Stewart", "Morris",
           "Morales", "Murphy", "Cook", "Rogers", "Gutierrez", "Ortiz", "Morgan", "Cooper", "Peterson", "Bailey",
           "Reed", "Kelly", "Howard", "Ramos", "Kim", "Cox", "Ward", "Richardson", "Watson", "Brooks", "Chavez"]
US_STREETS = ["Main", "Oak", "Pine", "Maple", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Walnut",
              "Sunset", "Lincoln", "Jackson", "Church", "River", "Highland", "Meadow", "Forest", "Ridge", "Spring",
              "Chestnut", "Willow", "Franklin", "Madison", "Adams", "Jefferson", "Center", "Mill", "Union"]
US_SUFFIX = [("Street", "St"), ("Avenue", "Ave"), ("Road", "Rd"), ("Drive", "Dr"), ("Lane", "Ln"),
             ("Court", "Ct"), ("Boulevard", "Blvd"), ("Place", "Pl")]
US_CITIES = [("Springfield", "IL", "627"), ("Columbus", "OH", "432"), ("Austin", "TX", "787"),
             ("Portland", "OR", "972"), ("Denver", "CO", "802"), ("Madison", "WI", "537"), ("Raleigh", "NC", "276"),
             ("Boise", "ID", "837"), ("Albany", "NY", "122"), ("Tucson", "AZ", "857"), ("Omaha", "NE", "681"),
             ("Richmond", "VA", "232"), ("Fresno", "CA", "937"), ("Tampa", "FL", "336"), ("Salem", "MA", "019")]
AREA = {"IL": "217", "OH": "614", "TX": "512", "OR": "503", "CO": "303", "WI": "608", "NC": "919", "ID": "208",
        "NY": "518", "AZ": "520", "NE": "402", "VA": "804", "CA": "559", "FL": "813", "MA": "978"}
MAIL = ["gmail.com", "yahoo.com", "outlook.com", "aol.com", "icloud.com", "comcast.net"]


def make_members(rows, seed):
    rng = random.Random(seed)
    out = [["id", "customer_number", "first_name", "last_name", "address", "city", "state", "zip", "phone",
            "email", "date_of_birth"]]
    truth = [["id", "entity_id"]]
    entity, number = 0, 100000

    def person(last=None, home=None, born=None):
        nonlocal entity, number
        entity += 1
        number += rng.randrange(1, 40)
        first = rng.choice(US_FIRST)
        last = last or rng.choice(US_LAST)
        if home is None:
            city, state, zip3 = rng.choice(US_CITIES)
            suffix = rng.choice(US_SUFFIX)
            home = dict(num=rng.randrange(1, 9999), street=rng.choice(US_STREETS), suffix=suffix, city=city,
                        state=state, zip=zip3 + f"{rng.randrange(0, 100):02d}",
                        phone=f"{AREA[state]}{rng.randrange(200, 999)}{rng.randrange(0, 10000):04d}",
                        apt=rng.randrange(1, 400) if rng.random() < 0.2 else None)
        y = born or rng.randrange(1940, 2005)
        dob = (y, rng.randrange(1, 13), rng.randrange(1, 29))
        mobile = f"{AREA[home['state']]}{rng.randrange(200, 999)}{rng.randrange(0, 10000):04d}"
        email = (f"{first.lower()}{rng.choice(['.', '', '_'])}{last.lower()}"
                 f"{rng.choice(['', str(rng.randrange(1, 99))])}@{rng.choice(MAIL)}") if rng.random() < 0.85 else ""
        return dict(entity=entity, number=str(number), first=first, last=last, home=home, dob=dob,
                    phone=mobile if rng.random() < 0.7 else home["phone"], email=email)

    while len(out) - 1 < rows:
        p = person()
        people = [p]
        if rng.random() < 0.15:  # household: spouse or child at the same address, same surname and landline
            q = person(last=p["last"], home=p["home"], born=p["dob"][0] + rng.choice([-3, -1, 0, 2, 25, 28]))
            if rng.random() < 0.5:
                q["phone"] = p["phone"]
            if rng.random() < 0.1:
                q["email"] = p["email"]
            people.append(q)
        for who in people:
            copies = 1 + rng.choices([0, 1, 2, 3], [0.6, 0.28, 0.09, 0.03])[0]
            for i in range(copies):
                out.append(render_member(rng, who, duplicate=i > 0))
                truth.append([str(len(out) - 1), str(who["entity"])])
    for i in range(1, len(out)):
        out[i][0] = str(i)
    return out, truth


def render_member(rng, p, duplicate):
    h = dict(p["home"])
    first, last = p["first"], p["last"]
    number = p["number"] if not duplicate or rng.random() < 0.5 else ""
    email, phone = p["email"], p["phone"]
    if duplicate:
        if rng.random() < 0.06 and first in US_NICK:
            first = US_NICK[first]
        if rng.random() < 0.05:
            first = typo(rng, first)
        if rng.random() < 0.05:
            last = typo(rng, last)
        if rng.random() < 0.12:  # moved
            city, state, zip3 = rng.choice(US_CITIES)
            h = dict(h, num=rng.randrange(1, 9999), street=rng.choice(US_STREETS), city=city, state=state,
                     zip=zip3 + f"{rng.randrange(0, 100):02d}", apt=None)
        if rng.random() < 0.08:
            phone = ""
        if rng.random() < 0.06:
            email = ""
    street = f"{h['num']} {h['street']} {h['suffix'][1] if rng.random() < 0.5 else h['suffix'][0]}"
    if h.get("apt"):
        street += rng.choice([f" Apt {h['apt']}", f", Apt. {h['apt']}", f" #{h['apt']}"])
    zip_ = h["zip"] + (f"-{rng.randrange(0, 10000):04d}" if rng.random() < 0.2 else "")
    if phone:
        k = rng.random()
        phone = (f"({phone[:3]}) {phone[3:6]}-{phone[6:]}" if k < 0.4 else f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
                 if k < 0.7 else f"+1 {phone[:3]} {phone[3:6]} {phone[6:]}" if k < 0.85 else phone)
    y, m, d = p["dob"]
    if duplicate and rng.random() < 0.03:
        m, d = (d, m) if d <= 12 else (m, d)
    dob = f"{m:02d}/{d:02d}/{y}" if rng.random() < 0.8 else f"{m}/{d}/{y}"
    if duplicate and rng.random() < 0.05:
        dob = ""
    return ["", number, first, last, street, h["city"], h["state"], zip_, phone, email, dob]


# ------------------------------------------------------------------------------------------------ main
def make(out_dir, rows, seed):
    vocab = Vocabulary()
    shapes = {"foretag": make_companies(vocab, rows, seed), "utan-id": make_without_identifiers(),
              "medlem": make_members(rows, seed)}
    for name, (reg, truth) in shapes.items():
        write(os.path.join(out_dir, name, "register.csv"), reg)
        write(os.path.join(out_dir, name, "truth.csv"), truth)
        print(f"{name}: {len(reg) - 1} rows in {os.path.join(out_dir, name)}")


def score(out_dir, extra):
    if not os.path.exists(BIN):
        sys.exit("build first: swift build -c release --product dubblett")
    for name in ("foretag", "utan-id", "medlem"):
        d = os.path.join(out_dir, name)
        run = subprocess.run([BIN, "dedupe", os.path.join(d, "register.csv"), "--truth", os.path.join(d, "truth.csv"),
                              "--out", os.path.join(d, "out"), "--quiet"] + extra, capture_output=True, text=True)
        m = re.search(r"precision ([\d.]+), recall ([\d.]+), F1 ([\d.]+)", run.stdout)
        print(f"{name:8} " + (f"precision {m.group(1)}, recall {m.group(2)}, F1 {m.group(3)}" if m else
                              "failed: " + (run.stderr.strip().splitlines() or ["?"])[-1]))


def main():
    args = sys.argv[1:]
    if len(args) < 2 or args[0] not in ("make", "score"):
        sys.exit(__doc__)
    if args[0] == "make":
        rows = int(args[args.index("--rows") + 1]) if "--rows" in args else 10000
        seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
        make(args[1], rows, seed)
    else:
        score(args[1], args[2:])


if __name__ == "__main__":
    main()
