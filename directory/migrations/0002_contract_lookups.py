"""The lookup rows whose slugs docs/API.md promises. They exist in every database."""

from django.db import migrations

TREATMENTS = [
    ("iv-infusion", "IV infusion", "Ketamine given slowly into a vein, usually over about 40 minutes, with monitoring."),
    ("im-injection", "IM injection", "Ketamine given as a shot into a muscle, with monitoring."),
    ("esketamine-nasal-spray", "Esketamine nasal spray (SPRAVATO)", "FDA-approved nasal spray given at certified centers, with at least 2 hours of monitoring."),
    ("oral-sublingual", "Oral or sublingual ketamine", "Tablets or lozenges, often as part of a supervised program."),
    ("ketamine-assisted-psychotherapy", "Ketamine-assisted psychotherapy", "Ketamine sessions combined with therapy before, during and after."),
]
CONDITIONS = [
    ("depression", "Depression"),
    ("treatment-resistant-depression", "Treatment-resistant depression"),
    ("anxiety", "Anxiety"),
    ("ptsd", "PTSD"),
    ("ocd", "OCD"),
    ("bipolar-depression", "Bipolar depression"),
    ("chronic-pain", "Chronic pain"),
    ("crps", "CRPS (complex regional pain syndrome)"),
    ("fibromyalgia", "Fibromyalgia"),
    ("migraine", "Migraine"),
]
PAYMENTS = [
    ("self-pay", "Self-pay"),
    ("private-insurance", "Private insurance"),
    ("medicare", "Medicare"),
    ("medicaid", "Medicaid"),
    ("tricare-va", "TRICARE / VA"),
    ("financing", "Financing or payment plans"),
]
LANGUAGES = [
    ("en", "English", "English"),
    ("es", "Spanish", "Español"),
    ("ko", "Korean", "한국어"),
    ("zh", "Chinese", "中文"),
    ("vi", "Vietnamese", "Tiếng Việt"),
    ("tl", "Tagalog", "Tagalog"),
    ("hy", "Armenian", "Հայերեն"),
    ("fa", "Persian", "فارسی"),
    ("ru", "Russian", "Русский"),
    ("fr", "French", "Français"),
    ("ht", "Haitian Creole", "Kreyòl ayisyen"),
    ("ar", "Arabic", "العربية"),
    ("hi", "Hindi", "हिन्दी"),
    ("pt", "Portuguese", "Português"),
    ("ja", "Japanese", "日本語"),
    ("am", "Amharic", "አማርኛ"),
]


def create_lookups(apps, schema_editor):
    Treatment = apps.get_model("directory", "Treatment")
    Condition = apps.get_model("directory", "Condition")
    PaymentOption = apps.get_model("directory", "PaymentOption")
    Language = apps.get_model("directory", "Language")
    for order, (slug, name, description) in enumerate(TREATMENTS):
        Treatment.objects.update_or_create(slug=slug, defaults={"name": name, "description": description, "sort_order": order})
    for order, (slug, name) in enumerate(CONDITIONS):
        Condition.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, (slug, name) in enumerate(PAYMENTS):
        PaymentOption.objects.update_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for code, name, native in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "native_name": native})


def remove_lookups(apps, schema_editor):
    for model, field, values in [
        ("Treatment", "slug", [t[0] for t in TREATMENTS]),
        ("Condition", "slug", [c[0] for c in CONDITIONS]),
        ("PaymentOption", "slug", [p[0] for p in PAYMENTS]),
        ("Language", "code", [lang[0] for lang in LANGUAGES]),
    ]:
        apps.get_model("directory", model).objects.filter(**{f"{field}__in": values}).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(create_lookups, remove_lookups)]
