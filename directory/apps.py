from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "directory"
    verbose_name = "Clinic directory"

    def ready(self) -> None:
        from directory import listing_version, lookup_masks

        listing_version.connect_signals()
        lookup_masks.connect_signals()
