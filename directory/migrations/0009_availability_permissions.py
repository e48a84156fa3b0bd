"""Staff groups may manage new-patient availability: site staff every clinic's, clinic staff their own.

The admin's tenancy mixin limits clinic staff to the clinics they are members of.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_STAFF = "Site staff"
CLINIC_STAFF = "Clinic staff"
CODENAMES = [f"{verb}_treatmentavailability" for verb in ("view", "add", "change", "delete")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(Permission.objects.filter(content_type__app_label="directory", codename__in=CODENAMES))
    for name in (SITE_STAFF, CLINIC_STAFF):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[SITE_STAFF, CLINIC_STAFF]):
        group.permissions.remove(*group.permissions.filter(codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [("directory", "0008_treatment_availability_and_confirmation")]
    operations = [migrations.RunPython(grant, revoke)]
