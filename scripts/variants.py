#!/usr/bin/env python3
"""Reshapes the bundled sample the way other registers differ and scores each shape.

Every figure in README.md's "other schemas" and "fewer columns" paragraphs comes from this script:

    swift build -c release --product dubblett
    python3 scripts/variants.py            # writes the variants to a temporary folder, prints a table

Variants (all from datasets/sample/register.csv and truth.csv; nothing here is random except the
seeded choice of name order and of nickname twins):
  - original: the file as it is
  - renamed identifiers: phone, e-mail and personnummer headers no synonym list knows
  - postadress: postal code and postort merged into one "postadress" column ("114 53 Stockholm")
  - one name column: first and last name merged into "namn", half "Förnamn Efternamn", half
    "Efternamn, Förnamn"
  - no personnummer / no personnummer or birth date / names and address only: columns dropped
  - nickname twins: 60 extra records, a known nickname of a person's first name (Kalle for Karl) at the
    same address and birth date, without phone, e-mail or personnummer; the truth puts each twin with
    its person

Each variant runs `dubblett dedupe FILE --truth TRUTH`; with --no-inference also with
`--no-role-inference` where that matters.
"""
import csv
import os
import random
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "dubblett")
SAMPLE = os.path.join(ROOT, "datasets", "sample", "register.csv")
TRUTH = os.path.join(ROOT, "datasets", "sample", "truth.csv")

NICKNAMES = {"Karl": "Kalle", "Lars": "Lasse", "Birgitta": "Gittan", "Magnus": "Mange", "Per": "Pelle",
             "Nils": "Nisse", "Margareta": "Maggan", "Joakim": "Jocke", "Mikael": "Micke", "Hans": "Hasse",
             "Anders": "Ante", "Daniel": "Danne", "Bengt": "Benke", "Fredrik": "Fredde"}


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


def drop(rows, names):
    idx = {rows[0].index(n) for n in names}
    return [[c for i, c in enumerate(r) if i not in idx] for r in rows]


def variants(tmp):
    rows = read(SAMPLE)
    head = rows[0]
    out = [("original", SAMPLE, TRUTH, False)]

    renamed = [list(r) for r in rows]
    renamed[0] = [{"telefon": "kontakt_tfn_1", "e-post": "kontakt_mejl_1", "personnummer": "pers_ident"}.get(h, h)
                  for h in head]
    write(os.path.join(tmp, "renamed.csv"), renamed)
    out.append(("renamed identifiers", os.path.join(tmp, "renamed.csv"), TRUTH, True))

    pi, oi = head.index("postnummer"), head.index("postort")
    merged = [[c for i, c in enumerate(head) if i not in (pi, oi)] + ["postadress"]]
    for r in rows[1:]:
        merged.append([c for i, c in enumerate(r) if i not in (pi, oi)] + [(r[pi] + " " + r[oi]).strip()])
    write(os.path.join(tmp, "postadress.csv"), merged)
    out.append(("postadress", os.path.join(tmp, "postadress.csv"), TRUTH, True))

    rng = random.Random(5)
    fi, li = head.index("förnamn"), head.index("efternamn")
    named = [[c for i, c in enumerate(head) if i not in (fi, li)] + ["namn"]]
    for r in rows[1:]:
        first, last = r[fi].strip(), r[li].strip()
        full = f"{last}, {first}" if rng.random() < 0.5 and first and last else f"{first} {last}".strip()
        named.append([c for i, c in enumerate(r) if i not in (fi, li)] + [full])
    write(os.path.join(tmp, "namn.csv"), named)
    out.append(("one name column, mixed order", os.path.join(tmp, "namn.csv"), TRUTH, False))

    for label, cols in [("no personnummer", ["personnummer"]),
                        ("no personnummer, no birth date", ["personnummer", "födelsedatum"]),
                        ("names and address only", ["personnummer", "födelsedatum", "telefon", "e-post"])]:
        path = os.path.join(tmp, re.sub(r"\W+", "_", label) + ".csv")
        write(path, drop(rows, cols))
        out.append((label, path, TRUTH, False))

    truth = read(TRUTH)
    entity = {r[0]: r[1] for r in truth[1:]}
    twins, twin_truth = [list(r) for r in rows], [list(r) for r in truth]
    ids = head.index("id")
    dob = head.index("födelsedatum")
    next_id = 900000
    for r in rows[1:]:
        if r[fi] in NICKNAMES and r[dob] and next_id < 900060:
            next_id += 1
            twin = list(r)
            twin[ids] = str(next_id)
            twin[fi] = NICKNAMES[r[fi]]
            for col in ("telefon", "e-post", "personnummer"):
                twin[head.index(col)] = ""
            twins.append(twin)
            twin_truth.append([str(next_id), entity[r[ids]]])
    write(os.path.join(tmp, "twins.csv"), twins)
    write(os.path.join(tmp, "twins-truth.csv"), twin_truth)
    out.append(("nickname twins (60 added)", os.path.join(tmp, "twins.csv"), os.path.join(tmp, "twins-truth.csv"), False))
    return out


def score(path, truth, extra, tmp):
    out = os.path.join(tmp, os.path.basename(path) + ".out")  # never beside the input: it may be in the repo
    run = subprocess.run([BIN, "dedupe", path, "--truth", truth, "--out", out, "--quiet"] + extra,
                         capture_output=True, text=True)
    m = re.search(r"precision ([\d.]+), recall ([\d.]+), F1 ([\d.]+); B-cubed F1 ([\d.]+)", run.stdout + run.stderr)
    if not m:
        sys.exit(f"dubblett failed on {path}:\n{run.stdout}{run.stderr}")
    return m.groups()


def main():
    if not os.path.exists(BIN):
        sys.exit("build first: swift build -c release --product dubblett")
    with tempfile.TemporaryDirectory(prefix="dubblett-variants-") as tmp:
        print("| register | precision | recall | F1 | B-cubed F1 |")
        print("|---|---|---|---|---|")
        for label, path, truth, inference_matters in variants(tmp):
            print("| " + label + " | " + " | ".join(score(path, truth, [], tmp)) + " |")
            if inference_matters:
                print("| " + label + ", --no-role-inference | "
                      + " | ".join(score(path, truth, ["--no-role-inference"], tmp)) + " |")


if __name__ == "__main__":
    main()
