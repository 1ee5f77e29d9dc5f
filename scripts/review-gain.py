#!/usr/bin/env python3
"""Measures what people's review decisions do to a register without identifiers (issue #18's bar: 200 decisions
raise pairwise F1 by at least 0.02).

    python3 scripts/review-gain.py [--shape utan-id|generated] [--rows N] [--seed S] [--decisions 200] [--keep DIR]
                                   [--drop COLUMNS] [--debug]

Needs release builds: swift build -c release --product dubblett && swift build -c release --product dubblett-server

1. The register: `utan-id` (scripts/registers.py: the bundled sample as name, one address line and e-mail, no
   personnummer or birth date) or `generated` (`dubblett generate --rows N --seed S` with the personnummer and
   födelsedatum columns removed, or the comma-separated columns of --drop).
2. `dubblett register init` stores it; F1 before = pairwise F1 of `dubblett register export`'s clusters.csv.
3. dubblett-server serves the register; the script plays the person on the review page: GET review/next (most
   informative first), the answer from the truth file, POST review/decisions, `--decisions` times.
4. F1 after, from a fresh export. Also F1 over the pairs nobody decided (does the gain come only from the
   decided pairs, or did re-estimation move others?), and the server's progress (re-estimations, pairs moved).
The truth is read only to answer as a person would and to score; nothing in the engine sees it.
"""
import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# --debug uses the debug build (the F1 figures are the same; only the seconds differ).
CONFIG = "debug" if "--debug" in sys.argv else "release"
BIN = os.path.join(ROOT, ".build", CONFIG, "dubblett")
SERVER = os.path.join(ROOT, ".build", CONFIG, "dubblett-server")


def arg(name, default):
    a = sys.argv[1:]
    return a[a.index(name) + 1] if name in a else default


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def pairs_within(labels):
    """Every pair of ids (smaller first) that share a label in the id -> label mapping `labels`."""
    groups = {}
    for i, label in labels.items():
        groups.setdefault(label, []).append(i)
    pairs = set()
    for m in groups.values():
        m.sort()
        for x in range(len(m)):
            for y in range(x + 1, len(m)):
                pairs.add((m[x], m[y]))
    return pairs


def truth_pairs(truth):
    entity = {r[0]: r[1] for r in truth[1:]}
    return entity, pairs_within(entity)


def cluster_pairs(path):
    rows = read_csv(path)
    h = rows[0]
    i, c = h.index("id"), h.index("cluster_id")
    return pairs_within({r[i]: r[c] for r in rows[1:]})


def f1(found, true, leave_out=frozenset()):
    found, true = found - leave_out, true - leave_out
    tp = len(found & true)
    p = tp / len(found) if found else 1.0
    r = tp / len(true) if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def export(state, out):
    shutil.rmtree(out, ignore_errors=True)
    subprocess.run([BIN, "register", "export", state, "--out", out], check=True, capture_output=True)
    return cluster_pairs(os.path.join(out, "clusters.csv"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def call(port, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method="POST" if body else "GET",
                                 headers={"Content-Type": "application/json"} if body else {})
    with urllib.request.urlopen(req, timeout=600) as r:
        return json.loads(r.read())


def main():
    for b in (BIN, SERVER):
        if not os.path.exists(b):
            sys.exit(f"build first: swift build -c release --product {os.path.basename(b)}")
    shape, rows, seed = arg("--shape", "utan-id"), arg("--rows", "10000"), arg("--seed", "1")
    decisions = int(arg("--decisions", "200"))
    work = arg("--keep", None) or tempfile.mkdtemp(prefix="review-gain-")
    os.makedirs(work, exist_ok=True)
    if shape == "utan-id":
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "registers.py"), "make", work + "/regs"],
                       check=True, capture_output=True)
        register, truth_path = work + "/regs/utan-id/register.csv", work + "/regs/utan-id/truth.csv"
    else:
        subprocess.run([BIN, "generate", "--rows", rows, "--seed", seed, "--output", work + "/gen"], check=True,
                       capture_output=True)
        full = read_csv(work + "/gen/register.csv")
        dropped = arg("--drop", "personnummer,födelsedatum").split(",")
        drop = {full[0].index(c) for c in dropped if c in full[0]}
        register, truth_path = work + "/no-ids.csv", work + "/gen/truth.csv"
        with open(register, "w", encoding="utf-8", newline="") as f:
            csv.writer(f, lineterminator="\n").writerows([[v for k, v in enumerate(r) if k not in drop] for r in full])
    entity, true = truth_pairs(read_csv(truth_path))
    data = work + "/data"
    os.makedirs(data + "/registers", exist_ok=True)
    state = data + "/registers/r.sqlite"
    if os.path.exists(state):
        os.remove(state)
    t0 = time.time()
    subprocess.run([BIN, "register", "init", state, "--from", register], check=True, capture_output=True)
    init_s = time.time() - t0
    before = export(state, work + "/before")
    port = free_port()
    server = subprocess.Popen([SERVER, "--data-dir", data, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    decided = set()
    try:
        for _ in range(100):
            try:
                call(port, "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        t0 = time.time()
        for _ in range(decisions):
            nxt = call(port, "/v1/registers/r/review/next")
            if not nxt["pairs"]:
                break
            p = nxt["pairs"][0]
            a, b = p["id_a"], p["id_b"]
            same = a in entity and entity.get(a) == entity.get(b)
            call(port, "/v1/registers/r/review/decisions",
                 {"decision": "same" if same else "not_same", "id_a": a, "id_b": b})
            decided.add((min(a, b), max(a, b)))
        review_s = time.time() - t0
        progress = call(port, "/v1/registers/r/review/progress")
    finally:
        server.terminate()
        server.wait()
    after = export(state, work + "/after")
    b, a = f1(before, true), f1(after, true)
    bu, au = f1(before, true, frozenset(decided)), f1(after, true, frozenset(decided))
    print(f"register {shape}: {len(entity)} records, {len(true)} true pairs; init {init_s:.1f} s")
    print(f"decisions {len(decided)} ({progress['same']} same, {progress['not_same']} not same) in {review_s:.1f} s")
    print(f"F1 before {b[2]:.4f} (precision {b[0]:.4f}, recall {b[1]:.4f})")
    print(f"F1 after  {a[2]:.4f} (precision {a[0]:.4f}, recall {a[1]:.4f})  gain {a[2] - b[2]:+.4f}")
    print(f"undecided pairs only: F1 {bu[2]:.4f} -> {au[2]:.4f} ({au[2] - bu[2]:+.4f})")
    print(f"re-estimations {progress['reestimations']}, pairs moved up {progress['moved_up']}, down "
          f"{progress['moved_down']}, estimated precision {progress['estimated_precision']:.4f}")
    if not arg("--keep", None):
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
