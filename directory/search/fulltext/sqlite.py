"""The keyword index on SQLite: an FTS5 table, a view that says what each row holds, and triggers.

FTS5 tokenises with the Porter stemmer over unicode61 (case and accents folded); `rank` is
BM25 with the name weighing 10, the place 4, the services 2 and the description 1; `area`
holds the clinic's grid cells (directory.search.fulltext.areas) and weighs nothing.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.expressions import RawSQL

from directory.search.fulltext.areas import cells_sql

TABLE = "directory_clinic_search"
SOURCE = "directory_clinic_search_source"

SOURCE_VIEW = f"""
CREATE VIEW {SOURCE} AS
SELECT c.id AS rowid,
       c.name AS name,
       city.name || ' ' || city.state || ' ' || c.zip_code AS place,
       coalesce((SELECT group_concat(t.name, ' ') FROM directory_clinic_treatments ct
                 JOIN directory_treatment t ON t.id = ct.treatment_id WHERE ct.clinic_id = c.id), '')
       || ' ' ||
       coalesce((SELECT group_concat(d.name, ' ') FROM directory_clinic_conditions cc
                 JOIN directory_condition d ON d.id = cc.condition_id WHERE cc.clinic_id = c.id), '') AS services,
       c.description AS description,
       {cells_sql(floor=lambda value: f"CAST({value} AS INTEGER)")} AS area
FROM directory_clinic c JOIN directory_city city ON city.id = c.city_id
WHERE c.published
"""

COLUMNS = "rowid, name, place, services, description, area"


def _refresh(clinic_ids_sql: str) -> str:
    """Statements that rewrite the index rows of the clinics `clinic_ids_sql` selects (or names)."""
    return (
        f"DELETE FROM {TABLE} WHERE rowid IN ({clinic_ids_sql}); "
        f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM {SOURCE} WHERE rowid IN ({clinic_ids_sql});"
    )


TRIGGERS = {
    "clinic_inserted": f"AFTER INSERT ON directory_clinic BEGIN {_refresh('NEW.id')} END",
    "clinic_changed": (
        "AFTER UPDATE OF name, description, city_id, zip_code, published, latitude, longitude ON directory_clinic "
        f"BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id; {_refresh('NEW.id')} END"
    ),
    "clinic_deleted": f"AFTER DELETE ON directory_clinic BEGIN DELETE FROM {TABLE} WHERE rowid = OLD.id; END",
    "treatment_added": f"AFTER INSERT ON directory_clinic_treatments BEGIN {_refresh('NEW.clinic_id')} END",
    "treatment_removed": f"AFTER DELETE ON directory_clinic_treatments BEGIN {_refresh('OLD.clinic_id')} END",
    "condition_added": f"AFTER INSERT ON directory_clinic_conditions BEGIN {_refresh('NEW.clinic_id')} END",
    "condition_removed": f"AFTER DELETE ON directory_clinic_conditions BEGIN {_refresh('OLD.clinic_id')} END",
    # A load (loaddata) may write a clinic before its city or lookups: their arrival rewrites its row.
    "city_added": (
        f"AFTER INSERT ON directory_city BEGIN {_refresh('SELECT id FROM directory_clinic WHERE city_id = NEW.id')} END"
    ),
    "treatment_added_to_list": (
        "AFTER INSERT ON directory_treatment "
        f"BEGIN {_refresh('SELECT clinic_id FROM directory_clinic_treatments WHERE treatment_id = NEW.id')} END"
    ),
    "condition_added_to_list": (
        "AFTER INSERT ON directory_condition "
        f"BEGIN {_refresh('SELECT clinic_id FROM directory_clinic_conditions WHERE condition_id = NEW.id')} END"
    ),
    "city_renamed": (
        "AFTER UPDATE OF name, state ON directory_city "
        f"BEGIN {_refresh('SELECT id FROM directory_clinic WHERE city_id = NEW.id')} END"
    ),
    "treatment_renamed": (
        "AFTER UPDATE OF name ON directory_treatment "
        f"BEGIN {_refresh('SELECT clinic_id FROM directory_clinic_treatments WHERE treatment_id = NEW.id')} END"
    ),
    "condition_renamed": (
        "AFTER UPDATE OF name ON directory_condition "
        f"BEGIN {_refresh('SELECT clinic_id FROM directory_clinic_conditions WHERE condition_id = NEW.id')} END"
    ),
}


def trigger_names() -> list[str]:
    return [f"{TABLE}_{name}" for name in TRIGGERS]


def _run(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def create_triggers() -> None:
    _run(*(f"CREATE TRIGGER {TABLE}_{name} {body}" for name, body in TRIGGERS.items()))


def drop_triggers() -> None:
    _run(*(f"DROP TRIGGER IF EXISTS {name}" for name in trigger_names()))


def install() -> None:
    _run(
        f"CREATE VIRTUAL TABLE {TABLE} USING fts5(name, place, services, description, area, "
        "tokenize = 'porter unicode61 remove_diacritics 2')",
        f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('rank', 'bm25(10.0, 4.0, 2.0, 1.0, 0.0)')",
        SOURCE_VIEW,
    )
    create_triggers()
    rebuild()


def uninstall() -> None:
    drop_triggers()
    _run(f"DROP VIEW IF EXISTS {SOURCE}", f"DROP TABLE IF EXISTS {TABLE}")


def rebuild() -> None:
    _run(f"DELETE FROM {TABLE}", f"INSERT INTO {TABLE} ({COLUMNS}) SELECT {COLUMNS} FROM {SOURCE}")


def match_expression(terms: list[str], cells: list[str] | None = None, *, prefix: bool = True) -> str:
    """FTS5 query text: every term quoted, so no word is read as an operator (OR, NEAR, ^); the last a `prefix`."""
    text = " ".join(f'"{term}"' for term in terms) + ("*" if prefix else "")  # terms hold letters and digits only
    if cells:
        text += " AND (" + " OR ".join(f'"{cell}"' for cell in cells) + ")"
    return text


def matching_ids(terms: list[str], cells: list[str] | None = None, *, prefix: bool = True) -> RawSQL:
    return RawSQL(f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s", [match_expression(terms, cells, prefix=prefix)])


def _ids(sql: str, params: list) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def count(terms: list[str], *, limit: int | None = None, prefix: bool = True) -> int:
    matches = f"SELECT 1 FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT %s"
    expression = match_expression(terms, prefix=prefix)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({matches})", [expression, -1 if limit is None else limit])
        return cursor.fetchone()[0]


def holds_at_least(terms: list[str], number: int, *, prefix: bool = True) -> bool:
    """Whether `number` clinics hold the terms: the index reads up to the `number`th and stops."""
    sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s LIMIT 1 OFFSET %s"
    return bool(_ids(sql, [match_expression(terms, prefix=prefix), number - 1]))


def ranked_ids(terms: list[str], *, prefix: bool = True) -> list[int]:
    sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rank, rowid"
    return _ids(sql, [match_expression(terms, prefix=prefix)])


def ids_in_index_order(terms: list[str], *, start: int, stop: int, prefix: bool = True) -> list[int]:
    sql = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s ORDER BY rowid LIMIT %s OFFSET %s"
    return _ids(sql, [match_expression(terms, prefix=prefix), stop - start, start])
