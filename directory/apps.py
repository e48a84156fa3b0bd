from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Clinic directory"

    def ready(self) -> None:
        from directory.listing_version import connect_signals

        connect_signals()
