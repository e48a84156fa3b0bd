"""The clinics' lookups as bit masks in the near index (directory/lookup_masks.py)."""

from django.db import migrations, models

from directory.lookup_masks import fill_all_masks


def fill_masks(apps, schema_editor):
    fill_all_masks(schema_editor.connection, apps.get_model("directory", "Clinic"))


def mask_field(help_text: str) -> models.BigIntegerField:
    # null only so SQLite adds the column in place: a NOT NULL one would remake the table and break its views.
    return models.BigIntegerField(null=True, db_default=models.Value(0), editable=False, help_text=help_text)


MASKS = {
    "condition_mask": "Conditions treated, as bits.",
    "treatment_mask": "Treatments offered, as bits.",
    "payment_mask": "Ways to pay, as bits.",
    "language_mask": "Languages spoken, as bits.",
}


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0013_keyword_index_small_cells"),
    ]

    # The columns and their values; the index that holds them is 0015's (PostgreSQL cannot build an index in
    # the transaction that just updated every row: "pending trigger events").
    operations = [
        *(migrations.AddField(model_name="clinic", name=name, field=mask_field(text)) for name, text in MASKS.items()),
        *(
            migrations.AddField(model_name="historicalclinic", name=name, field=mask_field(text))
            for name, text in MASKS.items()
        ),
        migrations.RunPython(fill_masks, migrations.RunPython.noop),
    ]
