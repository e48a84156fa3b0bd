"""The lookup rows whose slugs docs/API.md promises, from directory/vocabulary.py. They exist in every database."""

from django.db import migrations

from directory.vocabulary import CONDITIONS, LANGUAGES, PAYMENTS, TREATMENTS


def create_lookups(apps, schema_editor):
    Treatment = apps.get_model("directory", "Treatment")
    Condition = apps.get_model("directory", "Condition")
    PaymentOption = apps.get_model("directory", "PaymentOption")
    Language = apps.get_model("directory", "Language")
    for order, term in enumerate(TREATMENTS):
        Treatment.objects.update_or_create(
            slug=term.slug, defaults={"name": term.name, "description": term.description, "sort_order": order}
        )
    for order, term in enumerate(CONDITIONS):
        Condition.objects.update_or_create(slug=term.slug, defaults={"name": term.name, "sort_order": order})
    for order, term in enumerate(PAYMENTS):
        PaymentOption.objects.update_or_create(slug=term.slug, defaults={"name": term.name, "sort_order": order})
    for term in LANGUAGES:
        Language.objects.update_or_create(code=term.slug, defaults={"name": term.name, "native_name": term.native_name})


def remove_lookups(apps, schema_editor):
    for model, field, values in [
        ("Treatment", "slug", [t.slug for t in TREATMENTS]),
        ("Condition", "slug", [c.slug for c in CONDITIONS]),
        ("PaymentOption", "slug", [p.slug for p in PAYMENTS]),
        ("Language", "code", [lang.slug for lang in LANGUAGES]),
    ]:
        apps.get_model("directory", model).objects.filter(**{f"{field}__in": values}).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_lookups, remove_lookups)]
