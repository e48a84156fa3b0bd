"""The keyword index on PostgreSQL: a tsvector table with a GIN index, a view and triggers.

The english configuration stems and drops stop words; `setweight` marks the name A, the place
B, the services C and the description D, which ts_rank weighs 1.0, 0.4, 0.2 and 0.1.
Queries go through django.contrib.postgres.search (SearchQuery, SearchRank).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F

from directory.search.fulltext.areas import cells_sql

TABLE = "directory_clinic_search"
SOURCE = "directory_clinic_search_source"
CONFIG = "english"
# Accents folded without the unaccent extension (which needs a superuser to install): the query's
# words are folded the same way in fulltext.search_terms.
ACCENTED = "áàâäãåéèêëíìîïóòôöõúùûüñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇ"
PLAIN = "aaaaaaeeeeiiiiooooouuuuncAAAAAAEEEEIIIIOOOOOUUUUNC"


def _weighted(text_sql: str, weight: str) -> str:
    return f"setweight(to_tsvector('{CONFIG}', translate({text_sql}, '{ACCENTED}', '{PLAIN}')), '{weight}')"


SERVICES_SQL = """
    coalesce((SELECT string_agg(t.name, ' ') FROM directory_clinic_treatments ct
              JOIN directory_treatment t ON t.id = ct.treatment_id WHERE ct.clinic_id = c.id), '')
    || ' ' ||
    coalesce((SELECT string_agg(d.name, ' ') FROM directory_clinic_conditions cc
              JOIN directory_condition d ON d.id = cc.condition_id WHERE cc.clinic_id = c.id), '')"""

SOURCE_VIEW = f"""
CREATE VIEW {SOURCE} AS
SELECT c.id AS rowid,
       {_weighted("c.name", "A")}
       || {_weighted("city.name || ' ' || city.state || ' ' || c.zip_code", "B")}
       || {_weighted(SERVICES_SQL, "C")}
       || {_weighted("c.description", "D")}
       || to_tsvector('simple', {cells_sql(floor=lambda value: f"floor({value})::integer")}) AS document
FROM directory_clinic c JOIN directory_city city ON city.id = c.city_id
WHERE c.published
"""

REFRESH_FUNCTION = f"""
CREATE FUNCTION {TABLE}_refresh(clinic_ids bigint[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM {TABLE} WHERE rowid = ANY(clinic_ids);
    INSERT INTO {TABLE} (rowid, document) SELECT rowid, document FROM {SOURCE} WHERE rowid = ANY(clinic_ids);
$$
"""

# Each trigger function names the clinics whose index rows must be rewritten. A load (loaddata) may
# write a clinic before its city or lookups, so their arrival rewrites its row too.
TRIGGER_FUNCTIONS = {
    "clinic": (
        "directory_clinic",
        "INSERT OR DELETE OR UPDATE OF name, description, city_id, zip_code, published, latitude, longitude",
        "ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END]",
    ),
    "treatment_link": (
        "directory_clinic_treatments",
        "INSERT OR DELETE OR UPDATE",
        "ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.clinic_id ELSE NEW.clinic_id END]",
    ),
    "condition_link": (
        "directory_clinic_conditions",
        "INSERT OR DELETE OR UPDATE",
        "ARRAY[CASE WHEN TG_OP = 'DELETE' THEN OLD.clinic_id ELSE NEW.clinic_id END]",
    ),
    "city": (
        "directory_city",
        "INSERT OR UPDATE OF name, state",
        "ARRAY(SELECT id FROM directory_clinic WHERE city_id = NEW.id)",
    ),
    "treatment": (
        "directory_treatment",
        "INSERT OR UPDATE OF name",
        "ARRAY(SELECT clinic_id FROM directory_clinic_treatments WHERE treatment_id = NEW.id)",
    ),
    "condition": (
        "directory_condition",
        "INSERT OR UPDATE OF name",
        "ARRAY(SELECT clinic_id FROM directory_clinic_conditions WHERE condition_id = NEW.id)",
    ),
}


def trigger_names() -> list[str]:
    return [f"{TABLE}_{name}" for name in TRIGGER_FUNCTIONS] + [f"{TABLE}_clinics_truncated"]


def _run(*statements: str) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _create_trigger_functions() -> None:
    _run(
        f"CREATE FUNCTION {TABLE}_clinics_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN DELETE FROM {TABLE}; RETURN NULL; END $$"
    )
    for name, (_table, _events, clinic_ids) in TRIGGER_FUNCTIONS.items():
        _run(
            f"CREATE FUNCTION {TABLE}_{name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN PERFORM {TABLE}_refresh({clinic_ids}); RETURN NULL; END $$"
        )


def create_triggers() -> None:
    _run(
        *(
            f"CREATE TRIGGER {TABLE}_{name} AFTER {events} ON {table} FOR EACH ROW EXECUTE FUNCTION {TABLE}_{name}()"
            for name, (table, events, _ids) in TRIGGER_FUNCTIONS.items()
        ),
        # TRUNCATE (manage.py flush) fires no row trigger.
        f"CREATE TRIGGER {TABLE}_clinics_truncated AFTER TRUNCATE ON directory_clinic "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_clinics_truncated()",
    )


def drop_triggers() -> None:
    _run(
        *(f"DROP TRIGGER IF EXISTS {TABLE}_{name} ON {table}" for name, (table, _e, _i) in TRIGGER_FUNCTIONS.items()),
        f"DROP TRIGGER IF EXISTS {TABLE}_clinics_truncated ON directory_clinic",
    )


def install() -> None:
    _run(
        f"CREATE TABLE {TABLE} (rowid bigint PRIMARY KEY, document tsvector NOT NULL)",
        f"CREATE INDEX {TABLE}_document ON {TABLE} USING gin (document)",
        SOURCE_VIEW,
        REFRESH_FUNCTION,
    )
    _create_trigger_functions()
    create_triggers()
    rebuild()


def uninstall() -> None:
    drop_triggers()
    _run(
        *(f"DROP FUNCTION IF EXISTS {TABLE}_{name}()" for name in [*TRIGGER_FUNCTIONS, "clinics_truncated"]),
        f"DROP FUNCTION IF EXISTS {TABLE}_refresh(bigint[])",
        f"DROP VIEW IF EXISTS {SOURCE}",
        f"DROP TABLE IF EXISTS {TABLE}",
    )


def rebuild() -> None:
    _run(f"DELETE FROM {TABLE}", f"INSERT INTO {TABLE} (rowid, document) SELECT rowid, document FROM {SOURCE}")


def search_query(terms: list[str], cells: list[str] | None = None, *, prefix: bool = True) -> SearchQuery:
    """Every term, the last a `prefix` (someone typing "peach" finds "Peachtree"), and one of `cells`."""
    # Terms hold letters and digits only (fulltext.search_terms), so quoting them is enough for raw syntax.
    text = " & ".join(f"'{term}'" for term in terms) + (":*" if prefix else "")
    query = SearchQuery(text, config=CONFIG, search_type="raw")
    if cells:
        query &= SearchQuery(" | ".join(f"'{cell}'" for cell in cells), config="simple", search_type="raw")
    return query


def matching_ids(terms: list[str], cells: list[str] | None = None, *, prefix: bool = True):
    return _documents(terms, cells, prefix=prefix).values("clinic_id")


def _documents(terms: list[str], cells: list[str] | None = None, *, prefix: bool = True):
    from directory.models import ClinicSearchDocument

    return ClinicSearchDocument.objects.filter(document=search_query(terms, cells, prefix=prefix))


def count(terms: list[str], *, limit: int | None = None, prefix: bool = True) -> int:
    documents = _documents(terms, prefix=prefix)
    return (documents if limit is None else documents[:limit]).count()


def holds_at_least(terms: list[str], number: int, *, prefix: bool = True) -> bool:
    return _documents(terms, prefix=prefix).values_list("clinic_id")[number - 1 : number].exists()


def ranked_ids(terms: list[str], *, prefix: bool = True) -> list[int]:
    query = search_query(terms, prefix=prefix)
    ranked = _documents(terms, prefix=prefix).annotate(relevance=SearchRank(F("document"), query))
    return list(ranked.order_by("-relevance", "clinic_id").values_list("clinic_id", flat=True))


def ids_in_index_order(terms: list[str], *, start: int, stop: int, prefix: bool = True) -> list[int]:
    documents = _documents(terms, prefix=prefix).order_by("clinic_id")
    return list(documents.values_list("clinic_id", flat=True)[start:stop])
