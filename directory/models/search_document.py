"""The keyword index's row for one published clinic (directory.search.fulltext writes and reads it)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class ClinicSearchDocument(models.Model):
    """Written only by database triggers; the table's DDL differs by database, see the migration.

    On PostgreSQL `document` is the weighted tsvector. On SQLite the table is an FTS5 table whose
    rowid is the clinic's id; its text columns are read through raw SQL, never through this model.
    """

    clinic = models.OneToOneField(
        "directory.Clinic",
        primary_key=True,
        db_column="rowid",
        db_constraint=False,  # the triggers remove a deleted clinic's row; FTS5 tables take no constraints
        on_delete=models.DO_NOTHING,
        related_name="+",
    )
    document = SearchVectorField()

    class Meta:
        db_table = "directory_clinic_search"
        # Not Django's to create, dump or flush: the index follows the clinic rows through its triggers.
        managed = False

    def __str__(self) -> str:
        return f"index row of clinic {self.clinic_id}"
