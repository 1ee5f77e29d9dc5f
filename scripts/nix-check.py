#!/usr/bin/env python3
"""Independent check of `dubblett suppress`: re-derives every row's NIX flag with a plain digit normaliser.

Usage: scripts/nix-check.py REGISTER.csv NIX.txt WASHED.csv
Prints rows, rows flagged by dubblett, rows flagged by this script, and the rows where they differ.
"""
import csv
import re
import sys


def canon(s):
    s = s.strip()
    if not s or s.startswith('#'):
        return None
    plus = s.startswith('+')
    d = re.sub(r'\(0\)', '', s)
    d = re.sub(r'[ \-/.()\u00a0]', '', d)
    if plus:
        d = d[1:]
    if not d.isdigit():
        return None
    if plus or d.startswith('00'):
        d = d[2:] if d.startswith('00') else d
        if not d.startswith('46'):
            return 'x' + d
        d = '0' + d[2:]
    elif d.startswith('46') and len(d) >= 10:
        d = '0' + d[2:]
    return d if d.startswith('0') and 7 <= len(d) <= 11 else None


register, nix, washed = sys.argv[1:4]
numbers = {c for c in (canon(line) for line in open(nix, encoding='utf-8')) if c}
rows = mine = theirs = differ = 0
with open(register, encoding='utf-8') as r, open(washed, encoding='utf-8') as w:
    rr, ww = csv.DictReader(r), csv.DictReader(w)
    phones = [c for c in rr.fieldnames if c.lower() in ('telefon', 'phone', 'mobil', 'mobile')]
    for a, b in zip(rr, ww):
        rows += 1
        flag = any(canon(a[c]) in numbers for c in phones if canon(a[c]))
        mine += flag
        theirs += b['nix'] == '1'
        differ += flag != (b['nix'] == '1')
print(f'rows {rows}, flagged by dubblett {theirs}, by this script {mine}, rows that differ {differ}')
