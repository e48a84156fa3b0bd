"""The near index with the lookups' masks (directory/lookup_masks.py), filled by 0014."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_clinic_lookup_masks"),
    ]

    # The new index first, then the old one goes: near() always has one.
    operations = [
        migrations.AddIndex(
            model_name="clinic",
            index=models.Index(
                fields=[
                    "lat_band",
                    "longitude",
                    "latitude",
                    "published",
                    "name",
                    "id",
                    "accepting_new_patients",
                    "telehealth",
                    "condition_mask",
                    "treatment_mask",
                    "payment_mask",
                    "language_mask",
                ],
                name="clinic_near_lookups",
            ),
        ),
        migrations.RemoveIndex(model_name="clinic", name="clinic_near_filters"),
    ]
