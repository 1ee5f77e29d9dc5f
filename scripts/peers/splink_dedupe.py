#!/usr/bin/env python3
"""Deduplicate a person register with Splink 5 on DuckDB: the peer run of `dubblett bench --peer splink`.

Usage: splink_dedupe.py --register REGISTER.csv --out DIR [--threads N]

Writes DIR/clusters.csv (header `id,cluster_id`, one row per input record) and prints one line of JSON
to stdout at the end: {"records": N, "candidate_pairs": P, "seconds": S, "splink": "5.0.0"}. Progress and
warnings go to stderr; no field value is ever printed. Exit codes (sysexits, as dubblett): 0 success,
64 usage, 65 register unreadable, without usable columns or too degenerate for Splink to train on,
66 register missing, 69 Splink not importable, 70 Splink's query failed (e.g. out of memory),
73 output cannot be written.

The configuration follows Splink's own documented approach for people data (see docs/peers.md): columns
detected by header, light cleaning in SQL, Splink's comparison templates, blocking on the strong
identifiers, lambda from deterministic rules, u by random sampling, m by EM on two blocking
rules, predict at match probability 0.5, connected components at match probability 0.9.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import re
import sys
import tempfile
import time

EX_USAGE, EX_DATAERR, EX_NOINPUT, EX_UNAVAILABLE, EX_SOFTWARE, EX_CANTCREAT = 64, 65, 66, 69, 70, 73

PREDICT_THRESHOLD = 0.5
CLUSTER_THRESHOLD = 0.9
U_MAX_PAIRS = 5e6
EM_MAX_PAIRS = 2e6
DETERMINISTIC_RECALL = 0.7

# Folded header (see `fold`) → role. First column of each role wins.
ID_HEADERS = {"id", "kundnummer", "kundnr", "kundid", "customerid", "recid", "recordid"}
ROLE_HEADERS = {
    "first": {"fornamn", "firstname", "givenname", "forename", "tilltalsnamn"},
    "last": {"efternamn", "lastname", "surname", "familyname"},
    "full": {"namn", "name", "fullname", "fulltnamn"},
    "street": {"gatuadress", "adress", "street", "address", "streetaddress"},
    "postcode": {"postnummer", "postnr", "postalcode", "zip", "zipcode", "postcode"},
    "city": {"postort", "ort", "city", "town"},
    "phone": {"telefon", "telefonnummer", "tel", "phone", "phonenumber", "mobil", "mobile"},
    "email": {"epost", "epostadress", "email", "emailaddress", "mail"},
    "pnr": {"personnummer", "pnr", "personnr", "ssn", "socsecid", "nationalid"},
    "dob": {"fodelsedatum", "birthdate", "dateofbirth", "dob"},
}
ACCENTS = str.maketrans({"å": "a", "ä": "a", "à": "a", "á": "a", "æ": "a", "ö": "o", "ø": "o", "ó": "o",
                         "é": "e", "è": "e", "ë": "e", "ü": "u"})


def fail(code: int, message: str) -> None:
    """Prints `message` to stderr and exits with `code`."""
    print(f"splink_dedupe: {message}", file=sys.stderr)
    sys.exit(code)


def fold(header: str) -> str:
    """Lower-cases a header, folds Swedish accents and drops everything but letters and digits."""
    return re.sub(r"[^a-z0-9]", "", header.strip().lower().translate(ACCENTS))


def quote(name: str) -> str:
    """A DuckDB identifier for a raw header."""
    return '"' + name.replace('"', '""') + '"'


def detect_columns(headers: list[str]) -> tuple[str | None, dict[str, str]]:
    """The id column (or None) and role → raw header for every detected role."""
    id_col = next((h for h in headers if fold(h) in ID_HEADERS), None)
    roles: dict[str, str] = {}
    for h in headers:
        f = fold(h)
        for role, names in ROLE_HEADERS.items():
            if f in names and role not in roles:
                roles[role] = h
    # A full-name column is used only when the register has no separate first and last names.
    if "full" in roles and ("first" in roles or "last" in roles):
        del roles["full"]
    return id_col, roles


def text(col: str) -> str:
    """SQL: lower-cased, trimmed text with inner whitespace collapsed; empty → NULL."""
    return f"nullif(regexp_replace(lower(trim({quote(col)})), '\\s+', ' ', 'g'), '')"


def digits(col: str) -> str:
    """SQL: only the digits; none → NULL."""
    return f"nullif(regexp_replace({quote(col)}, '[^0-9]', '', 'g'), '')"


def cleaning_select(id_col: str | None, roles: dict[str, str]) -> str:
    """SQL select list of the cleaned table: unique_id plus one column per detected role."""
    out = [f"CAST({quote(id_col)} AS VARCHAR) AS source_id" if id_col else "CAST(rn AS VARCHAR) AS source_id",
           "rn AS unique_id"]
    for role in ("first", "last", "street", "city"):
        if role in roles:
            out.append(f"{text(roles[role])} AS {role}")
    if "full" in roles:
        # One full-name column: split into first and last word so Splink's name templates apply.
        full = text(roles["full"])
        out.append(f"nullif(split_part({full}, ' ', 1), '') AS first")
        out.append(f"CASE WHEN strpos({full}, ' ') > 0 THEN regexp_extract({full}, '(\\S+)$', 1) END AS last")
    if "postcode" in roles:
        out.append(f"{digits(roles['postcode'])} AS postcode")
    if "email" in roles:
        out.append(f"{text(roles['email'])} AS email")
    if "phone" in roles:
        d = digits(roles["phone"])
        # Swedish numbers written with the country code (+46 / 0046 / 46) become 0-prefixed national numbers.
        out.append(f"CASE WHEN {d} LIKE '0046%' THEN '0' || substr({d}, 5) "
                   f"WHEN {d} LIKE '46%' AND length({d}) >= 10 THEN '0' || substr({d}, 3) ELSE {d} END AS phone")
    if "pnr" in roles:
        d = digits(roles["pnr"])
        # 12-digit personnummer (with century) → the 10-digit form most registers hold.
        out.append(f"CASE WHEN length({d}) = 12 THEN substr({d}, 3) ELSE {d} END AS pnr")
    if "dob" in roles:
        raw = f"trim({quote(roles['dob'])})"
        dob = f"strftime(try_strptime({raw}, ['%Y-%m-%d', '%Y%m%d', '%d/%m/%Y', '%Y/%m/%d', '%d.%m.%Y']), '%Y-%m-%d')"
        if "pnr" in roles:
            # A missing birth date is read from the personnummer (YYYYMMDD-NNNN, or YYMMDD-NNNN whose century is
            # the latest that is not in the future, one earlier with the '+' of the over-hundreds).
            d, p = digits(roles["pnr"]), quote(roles["pnr"])
            yy = f"CAST(substr({d}, 1, 2) AS INTEGER)"
            year10 = (f"CASE WHEN {yy} > year(current_date) % 100 THEN 1900 ELSE 2000 END"
                      f" - CASE WHEN {p} LIKE '%+%' THEN 100 ELSE 0 END + {yy}")
            from_pnr = (f"CASE WHEN length({d}) = 12 THEN try_strptime(substr({d}, 1, 8), '%Y%m%d') "
                        f"WHEN length({d}) = 10 THEN try_strptime(CAST({year10} AS VARCHAR) || substr({d}, 3, 4), "
                        f"'%Y%m%d') END")
            dob = f"coalesce({dob}, strftime({from_pnr}, '%Y-%m-%d'))"
        out.append(f"{dob} AS dob")
    return ", ".join(out)


def build_settings(cols: set[str]):
    """Splink settings, deterministic rules and EM training rules for the columns present."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    comparisons = []
    for name in ("first", "last"):
        if name in cols:
            comparisons.append(cl.NameComparison(name, jaro_winkler_thresholds=[0.92, 0.8])
                               .configure(term_frequency_adjustments=True))
    if "dob" in cols:
        comparisons.append(cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y-%m-%d"))
    if "pnr" in cols:
        comparisons.append(cl.DamerauLevenshteinAtThresholds("pnr", 1))
    if "email" in cols:
        # Not Splink's EmailComparison: its user-name and Jaro-Winkler levels fire between namesakes, whose
        # addresses are made from their names (karinandersson@gmail.com vs karinandersson@hotmail.com), and
        # only its exact level is frequency-adjusted. That cost 8 points of F1 at 250 k rows; exact match with
        # term frequencies does not.
        comparisons.append(cl.ExactMatch("email").configure(term_frequency_adjustments=True))
    if "phone" in cols:
        comparisons.append(cl.LevenshteinAtThresholds("phone", 1))
    address = [c for c in ("street", "postcode", "city") if c in cols]
    if len(address) >= 2:
        # Street, postcode and postal town are strongly correlated (a street lies in one postcode, a postcode
        # in one town): as separate comparisons Fellegi-Sunter would count one agreement two or three times.
        # Splink's README: it "performs best with input data containing multiple columns that are not highly
        # correlated" (its example is city and postcode), so they form one comparison with combined levels.
        area = "postcode" if "postcode" in cols else "city"
        levels = [cll.And(*(cll.NullLevel(c) for c in address))]
        if "street" in cols:
            levels += [cll.And(cll.ExactMatchLevel("street"), cll.ExactMatchLevel(area)),
                       cll.And(cll.LevenshteinLevel("street", 3), cll.ExactMatchLevel(area)),
                       cll.ExactMatchLevel("street")]
        if "postcode" in cols:
            levels.append(cll.ExactMatchLevel("postcode").configure(tf_adjustment_column="postcode"))
        if "city" in cols:
            levels.append(cll.ExactMatchLevel("city").configure(tf_adjustment_column="city"))
        levels.append(cll.ElseLevel())
        comparisons.append(cl.CustomComparison(levels, output_column_name="address"))
    elif address == ["street"]:
        comparisons.append(cl.LevenshteinAtThresholds("street", [1, 3]))
    elif address:
        comparisons.append(cl.ExactMatch(address[0]).configure(term_frequency_adjustments=True))

    blocking = []
    for keys in (("pnr",), ("email",), ("phone",), ("dob", "first"), ("dob", "last"), ("postcode", "last"),
                 ("first", "last", "substr(postcode, 1, 2)")):
        if all(k.split("(")[-1].split(",")[0] in cols for k in keys):
            blocking.append(block_on(*keys))

    # Deterministic rules for lambda: personnummer, and name with birth date. Name with e-mail, phone or postcode
    # only when neither exists: at scale they admit namesakes (whose e-mails are made from their names) and
    # overstate lambda (at 250 k rows 5.4e-6 against 4.3e-6 with the strong rules; the truth has 4.2e-6).
    strong = [keys for keys in (("pnr",), ("first", "last", "dob")) if all(k in cols for k in keys)]
    weak = [keys for keys in (("first", "last", "phone"), ("first", "last", "email"), ("first", "last", "postcode"))
            if all(k in cols for k in keys)]
    deterministic = [block_on(*keys) for keys in (strong or weak)]

    # EM rules: each leaves the other comparisons free to be estimated; together they cover every comparison.
    # EM rules: the m values of the columns in a rule are estimated by the other rule, so two rules on
    # independent columns cover every comparison. Splink samples each down to EM_MAX_PAIRS.
    em = []
    for keys in (("first", "last"), ("dob",), ("postcode",), ("pnr",), ("email",)):
        if all(k in cols for k in keys) and len(em) < 2:
            em.append(block_on(*keys))

    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocking,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    return settings, deterministic, em


def write_clusters(con, out_dir: str, table: str) -> None:
    """Writes `out_dir/clusters.csv` atomically (temporary file in the same directory, then rename)."""
    fd, tmp = tempfile.mkstemp(prefix=".clusters.", suffix=".csv", dir=out_dir)
    os.close(fd)
    try:
        con.execute(f"COPY (SELECT source_id AS id, cluster_id FROM {table} ORDER BY rn) "
                    f"TO '{tmp.replace(chr(39), chr(39) * 2)}' (HEADER, DELIMITER ',')")
        os.replace(tmp, os.path.join(out_dir, "clusters.csv"))
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def read_header(path: str) -> tuple[list[str], str]:
    """The register's header fields (made unique) and its delimiter (, ; tab or |, whichever the header has most)."""
    try:
        with open(path, "rb") as f:
            first = f.readline().decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(EX_DATAERR, f"{path}: the header line is not UTF-8 (save the register as UTF-8)")
    except OSError as error:
        fail(EX_DATAERR, f"{path}: cannot be read ({error.strerror})")
    if not first.strip():
        fail(EX_DATAERR, f"{path}: empty file or empty header line (the first line must name the columns)")
    delimiter = max([",", ";", "\t", "|"], key=first.count)
    fields = next(csv.reader([first.rstrip("\r\n")], delimiter=delimiter))
    headers: list[str] = []
    for i, name in enumerate(fields):
        name = name.strip() or f"column{i + 1}"
        while name in headers or name == "rn":
            name += "_"
        headers.append(name)
    return headers, delimiter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--register", required=True, help="the register CSV (header row required)")
    parser.add_argument("--out", required=True, help="directory for clusters.csv (created if missing)")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1, help="DuckDB threads (default: all cores)")
    parser.error = lambda msg: fail(EX_USAGE, msg)  # type: ignore[method-assign]
    args = parser.parse_args()
    if args.threads < 1:
        fail(EX_USAGE, "--threads must be at least 1")

    try:
        import duckdb
        import splink
        from splink import DuckDBAPI, Linker
    except ImportError as error:
        fail(EX_UNAVAILABLE, f"Splink cannot be imported ({error.__class__.__name__}: {error.name or 'splink'}); "
                             "run scripts/setup-splink.sh and use .venv-splink/bin/python3")

    register = args.register
    if not os.path.isfile(register):
        fail(EX_NOINPUT, f"{register}: no such file")
    if not os.access(register, os.R_OK):
        fail(EX_DATAERR, f"{register}: cannot be read (permission denied)")
    try:
        os.makedirs(args.out, exist_ok=True)
    except OSError as error:
        fail(EX_CANTCREAT, f"{args.out}: cannot create the output directory ({error.strerror})")
    if not os.access(args.out, os.W_OK):
        fail(EX_CANTCREAT, f"{args.out}: output directory is not writable")

    # Splink logs at INFO to stderr; keep its progress but never a value (Splink logs counts and parameters only).
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="splink: %(message)s")
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"SET threads = {int(args.threads)}")
    con.execute("SET preserve_insertion_order = true")

    headers, delimiter = read_header(register)
    sql_string = lambda v: "'" + v.replace("'", "''") + "'"  # noqa: E731
    columns = "{" + ", ".join(f"{sql_string(h)}: 'VARCHAR'" for h in headers) + "}"
    try:
        # The dialect is fixed (delimiter from the header, RFC 4180 quotes, strict): DuckDB's sniffer alone
        # was seen to take a ragged file's last line as the header and return no rows without an error.
        con.execute(f"CREATE TABLE raw AS SELECT * FROM read_csv({sql_string(register)}, auto_detect = false, "
                    f"header = true, delim = {sql_string(delimiter)}, quote = '\"', escape = '\"', "
                    f"columns = {columns}, strict_mode = true, encoding = 'utf-8')").fetchall()
    except duckdb.Error as error:
        # DuckDB's message quotes the offending line: report only its line number and the kind of error.
        line = re.search(r"Error on Line: (\d+)", str(error))
        where = f" at line {line.group(1)}" if line else ""
        text_ = str(error).lower()
        kind = ("not UTF-8; save the register as UTF-8" if "invalid unicode" in text_ else
                "wrong number of fields" if "expected number of columns" in text_ else
                "unterminated quote" if "unterminated quote" in text_ else error.__class__.__name__)
        fail(EX_DATAERR, f"{register}: cannot be read as CSV{where} ({kind})")

    records = con.execute("SELECT count(*) FROM raw").fetchall()[0][0]
    id_col, roles = detect_columns(headers)
    con.execute("CREATE TABLE raw_rn AS SELECT rowid + 1 AS rn, * FROM raw")
    con.execute("DROP TABLE raw")
    if records == 0:
        fail(EX_DATAERR, f"{register}: no records below the header")
    if id_col is not None:
        nulls, distinct = con.execute(
            f"SELECT count(*) - count({quote(id_col)}), count(DISTINCT {quote(id_col)}) FROM raw_rn").fetchall()[0]
        if nulls or distinct != records:
            fail(EX_DATAERR, f"{register}: id column '{id_col}' has {nulls} empty and "
                             f"{records - nulls - distinct} repeated ids; ids must be unique")
    con.execute(f"CREATE TABLE clean AS SELECT {cleaning_select(id_col, roles)} FROM raw_rn")
    con.execute("DROP TABLE raw_rn")
    cols = set(roles) - {"full"} | ({"first", "last"} if "full" in roles else set())
    settings, deterministic, em = build_settings(cols)
    if len(cols) < 2 or not deterministic or not em or not settings.blocking_rules_to_generate_predictions:
        fail(EX_DATAERR, f"{register}: too few usable columns for a Splink model (recognised: "
                         f"{', '.join(sorted(cols)) or 'none'}); it needs first and last name (or one name column) "
                         "and at least one of personnummer, birth date, e-mail, phone, postcode")
    print(f"splink_dedupe: {records} records, columns {sorted(cols)}, id {'column' if id_col else 'row number'}, "
          f"{args.threads} threads", file=sys.stderr)

    try:
        db_api = DuckDBAPI(connection=con)
        linker = Linker(db_api.register("clean"), settings)
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=DETERMINISTIC_RECALL)
        linker.training.estimate_u_using_random_sampling(max_pairs=U_MAX_PAIRS, seed=42)
        for rule in em:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=EM_MAX_PAIRS)

        blocked = linker.inference.compute_blocked_pairs_for_predict()
        candidate_pairs = con.execute(f"SELECT count(*) FROM {blocked.physical_name}").fetchall()[0][0]
        predictions = linker.inference.predict(threshold_match_probability=PREDICT_THRESHOLD)
        clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
            predictions, threshold_match_probability=CLUSTER_THRESHOLD)
    except MemoryError:
        fail(EX_SOFTWARE, f"{register}: out of memory in Splink ({records} records)")
    except duckdb.Error as error:
        # DuckDB's messages can quote data: only the kind of error.
        fail(EX_SOFTWARE, f"{register}: Splink's DuckDB query failed ({error.__class__.__name__})")
    except Exception as error:  # noqa: BLE001 - Splink's own errors (training on too little or degenerate data)
        first_line = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
        fail(EX_DATAERR, f"{register}: Splink could not fit a model to this register ({records} records): "
                         f"{error.__class__.__name__}: {first_line}")
    con.execute(f"CREATE TABLE result AS SELECT c.unique_id AS rn, c.source_id, k.cluster_id FROM clean c "
                f"LEFT JOIN {clusters.physical_name} k ON k.unique_id = c.unique_id")
    missing = con.execute("SELECT count(*) FROM result WHERE cluster_id IS NULL").fetchall()[0][0]
    if missing:
        # Connected components covers every node; label any stray record as its own cluster rather than drop it.
        con.execute("UPDATE result SET cluster_id = 'r' || CAST(rn AS VARCHAR) WHERE cluster_id IS NULL")
    try:
        write_clusters(con, args.out, "result")
    except (OSError, duckdb.Error) as error:
        fail(EX_CANTCREAT, f"{os.path.join(args.out, 'clusters.csv')}: cannot be written "
                           f"({error.__class__.__name__})")
    seconds = round(time.perf_counter() - started, 3)
    print(json.dumps({"records": records, "candidate_pairs": candidate_pairs, "seconds": seconds,
                      "splink": splink.__version__}))


if __name__ == "__main__":
    main()
