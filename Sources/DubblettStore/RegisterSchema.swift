import GRDB

/// The store's tables, versioned with GRDB's `DatabaseMigrator` (one migration per schema version).
///
/// ```
/// meta             key → value: settings, model, header, column roles, slot and cluster counters
/// batch            one row per init / add / remove / decide: source name, counts, seconds, report
/// record           slot (feature row) → register id, the row's values (CSV line), batch, stable cluster
/// dead_slot        feature rows of records replaced or removed (they join no bucket)
/// feature_segment  the normalised features of slots first_slot..<first_slot+count (FeatureTable bytes)
/// pair             scored pairs at or above the review threshold, by slot
/// cluster          stable cluster ids: created in batch, size now, retired in batch
/// event            created / joined / left / merged / split / dissolved / removed, with their batch
/// decision         a person's same / not the same on a pair of register ids
/// ```
/// Field values live only in `record.raw` and `feature_segment.data`; events and batches hold ids and counts.
enum RegisterSchema {
    /// The schema version this build writes (the number of migrations).
    static let version = 1

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                    CREATE TABLE batch (
                        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, started TEXT NOT NULL,
                        seconds REAL NOT NULL, rows INTEGER NOT NULL, inserted INTEGER NOT NULL,
                        updated INTEGER NOT NULL, unchanged INTEGER NOT NULL, removed INTEGER NOT NULL,
                        excluded INTEGER NOT NULL, candidates INTEGER NOT NULL, new_pairs INTEGER NOT NULL,
                        events INTEGER NOT NULL, report TEXT);
                    CREATE TABLE record (
                        slot INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, raw BLOB NOT NULL,
                        batch INTEGER NOT NULL, cluster INTEGER);
                    CREATE INDEX record_cluster ON record (cluster) WHERE cluster IS NOT NULL;
                    CREATE TABLE dead_slot (slot INTEGER PRIMARY KEY);
                    CREATE TABLE feature_segment (
                        first_slot INTEGER PRIMARY KEY, count INTEGER NOT NULL, batch INTEGER NOT NULL,
                        data BLOB NOT NULL);
                    CREATE TABLE pair (
                        a INTEGER NOT NULL, b INTEGER NOT NULL, weight REAL NOT NULL, levels INTEGER NOT NULL,
                        mask INTEGER NOT NULL, rule INTEGER NOT NULL, batch INTEGER NOT NULL,
                        PRIMARY KEY (a, b)) WITHOUT ROWID;
                    CREATE INDEX pair_b ON pair (b);
                    CREATE TABLE cluster (
                        id INTEGER PRIMARY KEY, created_batch INTEGER NOT NULL, size INTEGER NOT NULL,
                        retired_batch INTEGER);
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY, batch INTEGER NOT NULL, kind TEXT NOT NULL, cluster INTEGER,
                        other_cluster INTEGER, record TEXT);
                    CREATE INDEX event_batch ON event (batch);
                    CREATE TABLE decision (
                        id_a TEXT NOT NULL, id_b TEXT NOT NULL, same INTEGER NOT NULL, batch INTEGER NOT NULL,
                        PRIMARY KEY (id_a, id_b)) WITHOUT ROWID;
                    """)
        }
        return m
    }
}
