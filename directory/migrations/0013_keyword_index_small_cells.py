"""The keyword index's rows name a third, smaller grid cell (directory.search.fulltext.areas).

The index's view and triggers are written by directory.search.fulltext, so they are replaced
whole: uninstall, then install, which fills the index again from the clinic rows.
"""

from django.db import migrations


def reinstall(apps, schema_editor):
    from directory.search import fulltext

    fulltext.uninstall()
    fulltext.install()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0012_clinic_near_index_with_yes_no_filters"),
    ]

    operations = [migrations.RunPython(reinstall, reinstall)]
