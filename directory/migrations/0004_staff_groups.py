"""The staff groups and their permissions.

"Site staff" moderate every listing: every directory permission, and viewing
users (to give clinic staff their memberships). "Clinic staff" keep their own
listing right: the admin's tenancy mixin limits these permissions to the
clinics they are members of. The referrals app adds its own permissions to
its groups; get_or_create keeps the two migrations independent of each other.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SITE_STAFF = "Site staff"
CLINIC_STAFF = "Clinic staff"
CLINIC_STAFF_PERMISSIONS = [
    "view_clinic",
    "change_clinic",
    "view_openinghours",
    "add_openinghours",
    "change_openinghours",
    "delete_openinghours",
    "view_problemreport",
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate);
    # create them now so a fresh database gets its groups filled.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    site_staff, _ = Group.objects.get_or_create(name=SITE_STAFF)
    site_staff.permissions.add(*Permission.objects.filter(content_type__app_label="directory"))
    site_staff.permissions.add(*Permission.objects.filter(content_type__app_label="auth", codename="view_user"))

    clinic_staff, _ = Group.objects.get_or_create(name=CLINIC_STAFF)
    clinic_staff.permissions.add(
        *Permission.objects.filter(content_type__app_label="directory", codename__in=CLINIC_STAFF_PERMISSIONS)
    )


def remove_directory_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=[SITE_STAFF, CLINIC_STAFF]):
        group.permissions.remove(*group.permissions.filter(content_type__app_label="directory"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0003_problem_reports_and_history"),
    ]
    operations = [migrations.RunPython(create_groups, remove_directory_permissions)]
