#!/usr/bin/env python3
"""A population-register-like extract made by a generator of its own (not `dubblett generate`), with truth.

    python3 scripts/folkbok.py make DIR [--rows N] [--seed S]   # DIR/register.csv + DIR/truth.csv
    python3 scripts/folkbok.py score DIR                         # needs a release build

The extract has no personnummer: Löpnr, Tilltalsnamn, Efternamn, Född (YYYYMMDD, YYYY-MM-DD or D/M YYYY),
Kön (M/K), Utdelningsadress (sometimes with "c/o"), Postnummer, Postort, Telefon, E-post. Its own name and
street lists, written here, not taken from the sample. Duplicates: a person registered again after a move
(new address, new landline, same mobile or e-mail), after marriage (new surname), with typos, swapped day
and month, a missing field. Decoys that are *not* duplicates: household members (same surname, address,
landline and e-mail domain, other first name and birth year), twins (same surname, birth date and address,
other first name), a parent and child with the same first name at one address, and namesakes (same first
and last name in the same town, other birth date).

The rates are written down before any run and never changed to move a score.
"""
import csv
import os
import random
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "dubblett")

MEN = ["Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Mikael", "Jan", "Hans", "Olof", "Peter",
       "Gustav", "Fredrik", "Daniel", "Magnus", "Stefan", "Mats", "Bengt", "Sven", "Oskar", "Axel", "Viktor",
       "Emil", "Anton", "Hugo", "Ludvig", "Elias", "Filip", "Isak", "Jonas", "Kristoffer", "Marcus", "Niklas",
       "Rickard", "Tobias", "Ulf", "Åke", "Göran", "Bo", "Leif", "Kjell", "Rolf", "Torbjörn", "Henrik"]
WOMEN = ["Maria", "Anna", "Margareta", "Elisabeth", "Eva", "Kristina", "Birgitta", "Karin", "Marie", "Ingrid",
         "Christina", "Sara", "Lena", "Emma", "Kerstin", "Johanna", "Helena", "Linnea", "Sofia", "Malin",
         "Ida", "Elin", "Hanna", "Annika", "Ulla", "Susanne", "Camilla", "Jenny", "Therese", "Frida", "Maja",
         "Alva", "Ebba", "Wilma", "Agnes", "Astrid", "Siv", "Gunilla", "Monica", "Åsa", "Märta", "Cecilia"]
SURNAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
            "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
            "Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg",
            "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
            "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund",
            "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström",
            "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren",
            "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson", "Lundström", "Viklund",
            "Björklund", "Eliasson", "Pålsson", "Berggren", "Sandström", "Lund", "Nordin", "Ström", "Åberg",
            "Hermansson", "Ekström", "Holmgren", "Sundberg", "Hedlund", "Dahlberg", "Hellström", "Sjögren",
            "Abrahamsson", "Falk", "Martinsson", "Öberg", "Andreasson", "Strömberg", "Månsson", "Hansen",
            "Åkesson", "Dahl", "Lindholm", "Norberg", "Holmqvist", "Ali", "Mohammed", "Ahmed", "Nguyen"]
STREETS = ["Kungsgatan", "Drottninggatan", "Storgatan", "Skolgatan", "Järnvägsgatan", "Kyrkogatan", "Parkvägen",
           "Björkvägen", "Ringvägen", "Industrigatan", "Tallvägen", "Västra vägen", "Östra Långgatan",
           "Ängsvägen", "Hamngatan", "Stationsvägen", "Nygatan", "Åkervägen", "Granvägen", "Lärkstigen",
           "Backvägen", "Slottsgatan", "Bergsgatan", "Sjövägen", "Kvarngatan", "Allégatan", "Fabriksgatan",
           "Mästergatan", "Linnégatan", "Odengatan", "Sveavägen", "Götgatan", "Ringgatan", "Torggatan"]
TOWNS = [("Stockholm", "11", 0.20), ("Göteborg", "41", 0.12), ("Malmö", "21", 0.08), ("Uppsala", "75", 0.05),
         ("Västerås", "72", 0.04), ("Örebro", "70", 0.04), ("Linköping", "58", 0.04), ("Helsingborg", "25", 0.04),
         ("Jönköping", "55", 0.04), ("Norrköping", "60", 0.04), ("Lund", "22", 0.03), ("Umeå", "90", 0.03),
         ("Gävle", "80", 0.03), ("Borås", "50", 0.03), ("Eskilstuna", "63", 0.03), ("Södertälje", "15", 0.03),
         ("Karlstad", "65", 0.03), ("Täby", "18", 0.03), ("Växjö", "35", 0.03), ("Halmstad", "30", 0.04)]
MAIL = ["gmail.com", "hotmail.com", "telia.com", "outlook.com", "yahoo.se", "bredband.net", "icloud.com"]
NICK = {"Karl": "Kalle", "Lars": "Lasse", "Per": "Pelle", "Johan": "Jocke", "Kristina": "Kicki",
        "Margareta": "Maggan", "Elisabeth": "Lisa", "Mikael": "Micke", "Fredrik": "Fredde", "Magnus": "Manne"}


def fold(s):
    return s.lower().translate(str.maketrans("åäöé", "aaoe"))


def typo(rng, s):
    """A typing slip inside the word (never its first or last letter): drop, swap, replace or double."""
    if len(s) < 4:
        return s
    i = rng.randrange(1, len(s) - 1)
    k = rng.random()
    head, here, tail = s[:i], s[i], s[i + 1:]
    if k < 0.3:
        return head + tail
    if k < 0.55 and here != tail[0]:
        return head + tail[0] + here + tail[1:]
    return head + rng.choice("aeioulnrst") + tail if k < 0.8 else head + here * 2 + tail


class World:
    def __init__(self, rng):
        self.rng = rng
        self.entity = 0

    def home(self, town=None):
        rng = self.rng
        if town is None:
            town = rng.choices(TOWNS, [t[2] for t in TOWNS])[0]
        name, prefix, _ = town
        return dict(street=rng.choice(STREETS), number=rng.randrange(1, 120),
                    letter=rng.choice(["", "", "", "A", "B"]), town=name,
                    postcode=f"{prefix}{rng.randrange(100, 999)}",
                    landline=f"0{rng.choice(['8', '31', '40', '18', '21', '19', '13'])}{rng.randrange(100000, 999999)}"
                    if rng.random() < 0.5 else "")

    def person(self, sex=None, last=None, born=None, home=None, first=None):
        rng = self.rng
        self.entity += 1
        sex = sex or rng.choice("MK")
        first = first or rng.choice(MEN if sex == "M" else WOMEN)
        last = last or rng.choice(SURNAMES)
        y = born or rng.randrange(1935, 2006)
        dob = (y, rng.randrange(1, 13), rng.randrange(1, 29))
        home = home or self.home()
        mobile = f"07{rng.choice('02369')}{rng.randrange(1000000, 9999999)}" if rng.random() < 0.75 else ""
        email = ""
        if rng.random() < 0.7:
            email = f"{fold(first)}{rng.choice(['.', '_', ''])}{fold(last)}{rng.choice(['', str(y % 100)])}" \
                    f"@{rng.choice(MAIL)}"
        return dict(entity=self.entity, sex=sex, first=first, last=last, dob=dob, home=home, mobile=mobile,
                    email=email)


def render(rng, p, duplicate):
    first, last, home = p["first"], p["last"], dict(p["home"])
    (y, m, d), phone, email = p["dob"], p["mobile"] or home["landline"], p["email"]
    if duplicate:
        if rng.random() < 0.20:  # moved: new address and landline; mobile and e-mail follow the person
            home = World(rng).home()
            phone = p["mobile"] or home["landline"]
        if p["sex"] == "K" and rng.random() < 0.06:  # married: new surname
            last = rng.choice(SURNAMES)
            if rng.random() < 0.4:
                email = ""
        first = NICK[first] if rng.random() < 0.05 and first in NICK else first
        first = typo(rng, first) if rng.random() < 0.06 else first
        last = typo(rng, last) if rng.random() < 0.05 else last
        if rng.random() < 0.03 and d <= 12:
            m, d = d, m
        if rng.random() < 0.03:
            d = min(28, d + rng.choice([-1, 1])) or 1
        if rng.random() < 0.10:
            phone = ""
        if rng.random() < 0.10:
            email = ""
    street = f"{home['street']} {home['number']}{home['letter']}"
    if rng.random() < 0.03:
        street = "c/o " + rng.choice(SURNAMES) + ", " + street
    if rng.random() < 0.2:
        street = street.upper()
    k = rng.random()
    born = f"{y}{m:02d}{d:02d}" if k < 0.5 else f"{y}-{m:02d}-{d:02d}" if k < 0.9 else f"{d}/{m} {y}"
    if duplicate and rng.random() < 0.04:
        born = ""
    postcode = home["postcode"] if rng.random() < 0.6 else home["postcode"][:3] + " " + home["postcode"][3:]
    if duplicate and rng.random() < 0.04:
        postcode = ""
    if phone and rng.random() < 0.5:
        phone = phone[:2] + "-" + phone[2:] if phone.startswith("08") else phone[:3] + "-" + phone[3:]
    return ["", first, last, born, p["sex"], street, postcode, home["town"].upper() if rng.random() < 0.3
            else home["town"], phone, email]


def make(out_dir, rows, seed):
    rng = random.Random(seed)
    w = World(rng)
    out = [["Löpnr", "Tilltalsnamn", "Efternamn", "Född", "Kön", "Utdelningsadress", "Postnummer", "Postort",
            "Telefon", "E-post"]]
    truth = [["id", "entity_id"]]
    while len(out) - 1 < rows:
        p = w.person()
        people = [p]
        r = rng.random()
        if r < 0.30:  # household: partner and maybe children, same surname, address, landline, mail domain
            sex = "K" if p["sex"] == "M" else "M"
            partner = w.person(sex=sex, last=p["last"], born=p["dob"][0] + rng.randrange(-4, 5), home=p["home"])
            people.append(partner)
            for _ in range(rng.choice([0, 0, 1, 2])):
                child = w.person(last=p["last"], born=min(2005, p["dob"][0] + rng.randrange(22, 38)), home=p["home"])
                if child["email"] and p["email"] and rng.random() < 0.5:
                    child["email"] = child["email"].split("@")[0] + "@" + p["email"].split("@")[1]
                people.append(child)
            if rng.random() < 0.1:  # a child named after the parent
                people.append(w.person(sex=p["sex"], first=p["first"], last=p["last"],
                                       born=min(2005, p["dob"][0] + 25), home=p["home"]))
        elif r < 0.34:  # twins
            twin = w.person(last=p["last"], home=p["home"])
            twin["dob"] = p["dob"]
            people.append(twin)
        elif r < 0.40:  # a namesake in the same town
            people.append(w.person(sex=p["sex"], first=p["first"], last=p["last"],
                                   home=w.home(next(t for t in TOWNS if t[0] == p["home"]["town"]))))
        for who in people:
            extra = rng.choices([0, 1, 2, 3], [0.62, 0.28, 0.08, 0.02])[0]
            rendered = [render(rng, who, duplicate=k > 0) for k in range(1 + extra)]
            out += rendered
            truth += [[str(len(out) - len(rendered) + k), str(who["entity"])] for k in range(len(rendered))]
    for number, row in enumerate(out[1:], start=1):
        row[0] = str(number)
    # Shuffle the rows so that duplicates are not neighbours.
    body = list(zip(out[1:], truth[1:]))
    rng.shuffle(body)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "register.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([out[0]] + [b[0] for b in body])
    with open(os.path.join(out_dir, "truth.csv"), "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([truth[0]] + [b[1] for b in body])
    print(f"{len(body)} rows, {w.entity} persons in {out_dir}")


def score(out_dir, extra):
    """Runs the release build on DIR/register.csv against DIR/truth.csv and prints pairwise P/R/F1."""
    if not os.path.exists(BIN):
        sys.exit("build first: swift build -c release --product dubblett")
    cmd = [BIN, "dedupe", os.path.join(out_dir, "register.csv"), "--out", os.path.join(out_dir, "out"), "--quiet",
           "--truth", os.path.join(out_dir, "truth.csv"), *extra]
    text = subprocess.run(cmd, capture_output=True, text=True)
    found = re.search(r"precision ([\d.]+), recall ([\d.]+), F1 ([\d.]+)", text.stdout)
    if found is None:
        sys.exit("dubblett failed: " + text.stderr.strip())
    print("precision {}, recall {}, F1 {}".format(*found.groups()))


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["make", "score"])
    parser.add_argument("dir")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    known, rest = parser.parse_known_args()
    make(known.dir, known.rows, known.seed) if known.action == "make" else score(known.dir, rest)
