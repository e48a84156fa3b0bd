"""The clinics' lookup masks always match their relations, and the filters read them like the relations."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict

from directory.lookup_masks import MASK_FIELDS, bits_of, fill_all_masks, masks_of_clinics
from directory.models import Clinic, Condition, Language, PaymentOption, Treatment
from directory.search.filters import ClinicFilter
from tests.factories import ClinicFactory

pytestmark = pytest.mark.django_db


def stored_masks(clinic: Clinic) -> dict[str, int]:
    return Clinic.objects.filter(pk=clinic.pk).values(*MASK_FIELDS).get()


def assert_in_step(*clinics: Clinic) -> None:
    from_relations = masks_of_clinics([clinic.pk for clinic in clinics])
    for clinic in clinics:
        assert stored_masks(clinic) == from_relations[clinic.pk]


def test_masks_follow_every_change_of_a_clinics_lookups():
    clinic = ClinicFactory(treatments=["iv-infusion"], conditions=["depression", "ptsd"], languages=["es"])
    assert stored_masks(clinic)["treatment_mask"] == bits_of("treatments", Treatment.objects.filter(slug="iv-infusion"))
    assert stored_masks(clinic)["condition_mask"] != 0 and stored_masks(clinic)["payment_mask"] == 0
    clinic.treatments.add(Treatment.objects.get(slug="im-injection"))
    assert_in_step(clinic)
    clinic.conditions.remove(Condition.objects.get(slug="ptsd"))
    assert_in_step(clinic)
    clinic.languages.clear()
    assert stored_masks(clinic)["language_mask"] == 0
    clinic.payment_options.set(PaymentOption.objects.all()[:2])
    assert_in_step(clinic)


def test_saving_an_instance_loaded_before_its_lookups_changed_keeps_the_new_masks():
    clinic = ClinicFactory(languages=["es"])
    stale = Clinic.objects.get(pk=clinic.pk)
    clinic.languages.add(Language.objects.get(code="ko"))
    stale.name = "Renamed"
    stale.save()
    assert_in_step(clinic)
    assert stored_masks(clinic)["language_mask"] == bits_of("languages", Language.objects.filter(code__in=["es", "ko"]))


def test_bulk_generated_clinics_and_the_migrations_fill_agree_with_the_relations():
    call_command("generate_clinics", count=40, seed=5, verbosity=0)
    clinics = list(Clinic.objects.all())
    assert any(stored_masks(clinic)["condition_mask"] for clinic in clinics)
    assert_in_step(*clinics)
    Clinic.objects.update(condition_mask=0, treatment_mask=0, payment_mask=0, language_mask=0)
    fill_all_masks(connection, Clinic)
    assert_in_step(*clinics)


def matching(query: str) -> set[int]:
    return set(ClinicFilter(QueryDict(query)).qs.values_list("pk", flat=True))


def test_filters_read_the_masks_as_they_would_the_relations():
    both = ClinicFactory(conditions=["depression", "ptsd"], treatments=["iv-infusion"], payment_options=["self-pay"])
    one = ClinicFactory(conditions=["ptsd"], treatments=["im-injection"], languages=["es"])
    ClinicFactory()
    assert matching("condition=ptsd") == {both.pk, one.pk}
    assert matching("condition=ptsd&condition=depression") == {both.pk}
    assert matching("treatment=iv-infusion&treatment=im-injection") == {both.pk, one.pk}
    assert matching("payment=self-pay") == {both.pk}
    assert matching("language=es") == {one.pk}


def test_a_lookup_outside_the_vocabulary_is_still_filtered_through_its_relation():
    extra = Condition.objects.create(slug="tinnitus", name="Tinnitus")
    clinic = ClinicFactory(conditions=["ptsd"])
    ClinicFactory(conditions=["ptsd"])
    clinic.conditions.add(extra)
    assert bits_of("conditions", [extra]) is None
    assert matching("condition=tinnitus&condition=ptsd") == {clinic.pk}


def test_a_lookups_new_slug_moves_its_clinics_bits():
    clinic = ClinicFactory(payment_options=["medicaid"])
    medicaid = PaymentOption.objects.get(slug="medicaid")
    medicaid.slug = "medicaid-legacy"  # no longer a term of the vocabulary: no bit
    medicaid.save()
    assert stored_masks(clinic)["payment_mask"] == 0
    assert matching("payment=medicaid-legacy") == {clinic.pk}
