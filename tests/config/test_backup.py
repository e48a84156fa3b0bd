"""The backup and restore of docs/OPERATIONS.md, tried on the test database."""

from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, models
from django.utils import timezone

from directory.models import Clinic
from directory.search import fulltext
from referrals.models import Referral, ReferralStatusChange
from tests.factories import ClinicFactory, ClinicMembershipFactory, UserFactory

# Rebuilt by migrate/flush on the target database; the dump refers to them by natural key.
REBUILT = (ContentType, Permission)


def renumbered(model) -> bool:
    """Rows whose primary key the dump leaves out (--natural-primary): loaddata numbers them afresh.

    On PostgreSQL the new numbers differ from the old ones whenever earlier tests have moved
    the sequence on (sequences ignore rollbacks), so these rows are compared by natural key.
    """
    return model._meta.auto_created or hasattr(model, "natural_key")


def snapshot() -> dict[str, list[dict]]:
    """Every row of every table, with references to rebuilt or renumbered rows by natural key."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        if model in REBUILT or not model._meta.managed:  # unmanaged: derived, rebuilt by triggers (checked below)
            continue
        natural_fields = {
            field.attname: field.related_model
            for field in model._meta.concrete_fields
            if isinstance(field, models.ForeignKey) and hasattr(field.related_model, "natural_key")
        }
        rows = []
        for row in model.objects.order_by("pk").values(*[field.attname for field in model._meta.concrete_fields]):
            if renumbered(model):
                row.pop(model._meta.pk.attname)
            for attname, related in natural_fields.items():
                if row[attname] is not None:
                    row[attname] = related.objects.get(pk=row[attname]).natural_key()
            rows.append(row)
        tables[model._meta.label] = sorted(rows, key=repr) if renumbered(model) else rows
    return tables


@pytest.fixture(autouse=True)
def _fresh_content_type_cache():
    """flush and loaddata recreate content types under new ids, and the rollback at the end of
    the test brings back the old ones: drop the ids ContentType.objects cached in between, or
    later tests in this process (admin log entries, generic links) would use ids that no
    longer exist."""
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def site_data(db):
    membership = ClinicMembershipFactory(clinic=ClinicFactory(treatments=["iv-infusion"], conditions=["depression"]))
    referrer = UserFactory(username="dr-fictional")
    referral = Referral.objects.create(
        clinic=membership.clinic,
        referrer=referrer,
        answers={"age": 40, "primary_condition": "depression"},
        ruleset_version="test",
        outcome="suitable",
        patient_first_name="Testy",
        patient_last_name="McFictional",
        patient_email="testy@example.org",
        preferred_contact="email",
        consent_given_at=timezone.now() - timedelta(days=1),
        consent_text_version="test",
        tracking_token_hash="0" * 64,
    )
    ReferralStatusChange.objects.create(referral=referral, to_status="sent", at=referral.consent_given_at)
    return referral


def test_dumpdata_flush_loaddata_brings_everything_back(site_data, tmp_path):
    before = snapshot()
    # XML keeps microseconds; Django's JSON serializer rounds datetimes to milliseconds.
    backup = tmp_path / "backup.xml"
    call_command(
        "dumpdata",
        format="xml",
        natural_foreign=True,
        natural_primary=True,
        exclude=["contenttypes", "auth.permission"],
        output=str(backup),
        verbosity=0,
    )
    if connection.vendor == "postgresql":
        # The test runs inside a transaction; PostgreSQL refuses to TRUNCATE tables with
        # deferred foreign-key checks still pending, so run those checks first.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            call_command("flush", interactive=False, verbosity=0)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        call_command("flush", interactive=False, verbosity=0)
    assert not Referral.objects.exists()

    call_command("loaddata", str(backup), verbosity=0)

    assert snapshot() == before
    referral = Referral.objects.get(pk=site_data.pk)
    assert referral.patient_last_name == "McFictional"
    assert [change.to_status for change in referral.status_changes.all()] == ["sent"]
    assert referral.clinic.treatments.filter(slug="iv-infusion").exists()
    # The keyword index is not in the backup: loading the clinics wrote it again.
    assert fulltext.matching(Clinic.objects.all(), ["infusion", "depression"]).get() == referral.clinic
