"""The "Referrers" and "Clinic staff" groups with the referral permissions they need (and read-only for "Site staff").

The directory app adds its clinic permissions to "Clinic staff" in its own migration;
both sides use get_or_create so either may run first.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CLINIC_STAFF_PERMS = [
    ("referrals", "referral", "view_referral"),
    ("referrals", "referral", "change_referral"),
    ("referrals", "referralstatuschange", "view_referralstatuschange"),
]
# Site staff may read referrals (support, audits) but never work them.
SITE_STAFF_PERMS = [
    ("referrals", "referral", "view_referral"),
    ("referrals", "referralstatuschange", "view_referralstatuschange"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make ours now so the group can hold them.
    app_config = apps.get_app_config("referrals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get_or_create(name="Referrers")
    clinic_staff, _ = Group.objects.get_or_create(name="Clinic staff")
    site_staff, _ = Group.objects.get_or_create(name="Site staff")
    for group, perms in ((clinic_staff, CLINIC_STAFF_PERMS), (site_staff, SITE_STAFF_PERMS)):
        for app_label, model, codename in perms:
            permission = Permission.objects.get(
                content_type__app_label=app_label, content_type__model=model, codename=codename
            )
            group.permissions.add(permission)


def remove_referral_perms(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=["Clinic staff", "Site staff"]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="referrals"))
    Group.objects.filter(name="Referrers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_referral_perms)]
