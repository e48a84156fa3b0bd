"""Keeps the keyword index out of dumpdata and loaddata: its rows are derived, and its triggers rebuild them.

On SQLite the index is an FTS5 table whose columns are not the model's, so dumping it would fail;
on PostgreSQL a dump would only carry rows that loading the clinics writes again anyway.
"""


class SearchIndexRouter:
    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if app_label == "directory" and model_name == "clinicsearchdocument":
            return False
        return None
