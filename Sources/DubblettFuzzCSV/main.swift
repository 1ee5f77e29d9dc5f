// Placeholder replaced by the CSV scanner fuzz harness (issue 2).
print("dubblett-fuzz-csv: build with scripts/fuzz.sh")
