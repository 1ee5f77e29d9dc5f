#!/usr/bin/env python3
"""A FEBRL-like membership register with truth, made by a generator of its own (not `dubblett generate`).

    python3 scripts/members.py make DIR [--rows N] [--seed S]   # DIR/register.csv + DIR/truth.csv

English headers, no personnummer and no identifier: rec_id, given_name, surname, street_number, address_1,
suburb, postcode (4 digits), date_of_birth (MM/DD/YYYY), phone, plus three columns no built-in role covers:
join_date (MM/DD/YYYY), plan (Basic, Plus, Family, Student, Senior, Corporate, Honorary) and annual_fee.
Duplicates are a member entered again: typos in the names, a nickname, a move (new street and number,
sometimes a new suburb and phone), a missing date of birth, day and month of birth swapped; the join date is
copied or keyed a few days off, the plan and the fee (within a percent) mostly kept. Decoys that are *not*
duplicates: family members (same surname, address and phone, other given name and date of birth, who often
joined on the same day on the Family plan), and namesakes in the same suburb.

The rates are written down before any run and never changed to move a score.
"""
import csv
import datetime
import os
import random
import sys

GIVEN = ["james", "john", "robert", "michael", "william", "david", "richard", "joseph", "thomas", "charles",
         "mary", "patricia", "jennifer", "linda", "elizabeth", "barbara", "susan", "jessica", "sarah", "karen",
         "matthew", "anthony", "mark", "donald", "steven", "paul", "andrew", "joshua", "kenneth", "kevin",
         "nancy", "lisa", "betty", "margaret", "sandra", "ashley", "kimberly", "emily", "donna", "michelle",
         "liam", "noah", "oliver", "jack", "charlotte", "amelia", "isla", "mia", "chloe", "ruby", "grace", "zoe"]
NICK = {"james": "jim", "robert": "bob", "michael": "mike", "william": "bill", "richard": "rick",
        "elizabeth": "liz", "jennifer": "jen", "thomas": "tom", "joseph": "joe", "margaret": "maggie"}
SURNAMES = ["smith", "jones", "williams", "brown", "wilson", "taylor", "johnson", "white", "martin", "anderson",
            "thompson", "nguyen", "thomas", "walker", "harris", "lee", "ryan", "robinson", "kelly", "king",
            "davis", "wright", "evans", "roberts", "green", "hall", "wood", "jackson", "clarke", "patel",
            "khan", "lewis", "james", "phillips", "mitchell", "turner", "campbell", "young", "scott", "edwards"]
STREETS = ["main street", "george street", "high street", "church street", "victoria road", "king street",
           "queen street", "elizabeth street", "park road", "station street", "railway parade", "william street",
           "bridge road", "hill street", "mill road", "beach road", "river terrace", "north road", "south road"]
SUBURBS = [("richmond", "3121"), ("carlton", "3053"), ("fitzroy", "3065"), ("newtown", "2042"),
           ("glebe", "2037"), ("manly", "2095"), ("fremantle", "6160"), ("subiaco", "6008"), ("toowong", "4066"),
           ("paddington", "2021"), ("brunswick", "3056"), ("kew", "3101"), ("hawthorn", "3122"),
           ("norwood", "5067"), ("unley", "5061"), ("sandy bay", "7005"), ("kingston", "2604"),
           ("belconnen", "2617"), ("parramatta", "2150"), ("penrith", "2750")]
PLANS = [("Basic", 120), ("Plus", 240), ("Family", 390), ("Student", 60), ("Senior", 90), ("Corporate", 900),
         ("Honorary", 0)]


def typo(rng, s):
    if len(s) < 3:
        return s
    i = rng.randrange(1, len(s))
    k = rng.random()
    if k < 0.4:
        return s[:i] + rng.choice("aeioulnrst") + s[i + 1:]
    if k < 0.7:
        return s[:i] + s[i + 1:]
    return s[:i - 1] + s[i] + s[i - 1] + s[i + 1:]


def us(d):
    return f"{d.month:02d}/{d.day:02d}/{d.year}"


class World:
    """Members and their homes, drawn from one seeded generator; `entity` counts the members made."""

    def __init__(self, rng):
        self.rng, self.entity = rng, 0

    def home(self, suburb=None):
        rng = self.rng
        name, code = suburb or rng.choice(SUBURBS)
        return {"street": rng.choice(STREETS), "number": str(rng.randrange(1, 200)), "suburb": name,
                "postcode": code, "phone": f"0{rng.choice('2378')} {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"}

    def person(self, given=None, surname=None, home=None, joined=None, plan=None, born=None):
        rng = self.rng
        self.entity += 1
        dob = born or datetime.date(rng.randrange(1935, 2008), rng.randrange(1, 13), rng.randrange(1, 29))
        joined = joined or datetime.date(2005, 1, 1) + datetime.timedelta(days=rng.randrange(0, 7000))
        plan = plan or rng.choice(PLANS)
        fee = plan[1] * (1 + 0.03 * rng.randrange(0, 6)) if plan[1] else 0
        return {"entity": self.entity, "given": given or rng.choice(GIVEN), "surname": surname or rng.choice(SURNAMES),
                "home": home or self.home(), "dob": dob, "joined": joined, "plan": plan[0], "fee": fee}


def render(rng, w, p, duplicate):
    given, surname, home, dob = p["given"], p["surname"], dict(p["home"]), p["dob"]
    joined, plan, fee = p["joined"], p["plan"], p["fee"]
    born = us(dob)
    if duplicate:
        if rng.random() < 0.25:
            moved = w.home(rng.choice(SUBURBS) if rng.random() < 0.4 else (home["suburb"], home["postcode"]))
            home.update(street=moved["street"], number=moved["number"], suburb=moved["suburb"],
                        postcode=moved["postcode"])
            if rng.random() < 0.5:
                home["phone"] = moved["phone"]
        given = NICK[given] if given in NICK and rng.random() < 0.15 else given
        given = typo(rng, given) if rng.random() < 0.2 else given
        surname = typo(rng, surname) if rng.random() < 0.15 else surname
        if rng.random() < 0.05:
            born = ""
        elif rng.random() < 0.05 and dob.day <= 12:
            born = f"{dob.day:02d}/{dob.month:02d}/{dob.year}"
        elif rng.random() < 0.08:
            born = us(dob.replace(day=min(28, dob.day + 1)))
        if rng.random() < 0.3:
            joined = joined + datetime.timedelta(days=rng.choice([-3, -2, -1, 1, 2, 3]))
        if rng.random() < 0.1:
            plan = rng.choice(PLANS)[0]
        if rng.random() < 0.3:
            fee = fee * (1 + rng.uniform(-0.01, 0.01))
        if rng.random() < 0.1:
            home["phone"] = ""
    return ["", given, surname, home["number"], home["street"], home["suburb"], home["postcode"], born,
            home["phone"], us(joined), plan, f"{fee:.2f}"]


def save(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def make(out_dir, rows, seed):
    rng = random.Random(seed)
    w = World(rng)
    header = ["rec_id", "given_name", "surname", "street_number", "address_1", "suburb", "postcode",
              "date_of_birth", "phone", "join_date", "plan", "annual_fee"]
    records = []  # (row, entity) in the order they are made
    while len(records) < rows:
        p = w.person()
        people = [p]
        r = rng.random()
        if r < 0.30:  # a family: same surname, address and phone; often joined together on the Family plan
            together = rng.random() < 0.6
            for _ in range(rng.choice([1, 1, 2, 3])):
                people.append(w.person(surname=p["surname"], home=p["home"], joined=p["joined"] if together else None,
                                       plan=("Family", 390) if together else None))
        elif r < 0.36:  # a namesake in the same suburb
            people.append(w.person(given=p["given"], surname=p["surname"],
                                   home=w.home((p["home"]["suburb"], p["home"]["postcode"]))))
        for who in people:
            copies = 1 + rng.choices([0, 1, 2], [0.6, 0.32, 0.08])[0]
            records += [(render(rng, w, who, duplicate=k > 0), who["entity"]) for k in range(copies)]
    for number, (row, _) in enumerate(records, start=1):
        row[0] = str(number)
    rng.shuffle(records)  # duplicates are not neighbours
    os.makedirs(out_dir, exist_ok=True)
    save(os.path.join(out_dir, "register.csv"), [header] + [row for row, _ in records])
    save(os.path.join(out_dir, "truth.csv"), [["id", "entity_id"]] + [[row[0], str(e)] for row, e in records])
    print(f"{len(records)} rows, {w.entity} members in {out_dir}")


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["make"])
    parser.add_argument("dir")
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    make(a.dir, a.rows, a.seed)
