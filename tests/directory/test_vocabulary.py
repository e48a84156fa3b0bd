"""directory/vocabulary.py is what the database, the pages, the pre-screen and the docs use."""

from __future__ import annotations

from pathlib import Path

import pytest

from directory import synthetic, vocabulary
from directory.display_names import LOOKUP_NAMES
from directory.models import Condition, Language, PaymentOption, Treatment
from referrals.screening import CONDITIONS as SCREENING_CONDITIONS
from referrals.screening import QUESTIONS_BY_ID, TREATMENTS

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "API.md"


@pytest.mark.django_db
def test_the_database_rows_match_the_vocabulary():
    assert list(Treatment.objects.order_by("sort_order").values_list("slug", "name", "description")) == [
        (term.slug, term.name, term.description) for term in vocabulary.TREATMENTS
    ]
    assert list(Condition.objects.order_by("sort_order").values_list("slug", "name")) == [
        (term.slug, term.name) for term in vocabulary.CONDITIONS
    ]
    assert list(PaymentOption.objects.order_by("sort_order").values_list("slug", "name")) == [
        (term.slug, term.name) for term in vocabulary.PAYMENTS
    ]
    assert sorted(Language.objects.values_list("code", "name", "native_name")) == sorted(
        (term.slug, term.name, term.native_name) for term in vocabulary.LANGUAGES
    )


def test_every_english_name_is_offered_for_translation():
    assert set(vocabulary.ENGLISH_NAMES) == set(LOOKUP_NAMES)
    assert len(vocabulary.ENGLISH_NAMES) == len(set(vocabulary.ENGLISH_NAMES))


def test_the_pre_screen_speaks_of_the_same_treatments_and_conditions():
    assert TREATMENTS == vocabulary.TREATMENT_SLUGS
    assert [slug for slug, _ in SCREENING_CONDITIONS] == list(vocabulary.CONDITION_SLUGS)
    assert all(label for _, label in SCREENING_CONDITIONS)
    condition_question = QUESTIONS_BY_ID["condition"]
    assert [slug for slug, _ in condition_question.choices] == list(vocabulary.CONDITION_SLUGS)
    assert vocabulary.ESKETAMINE in vocabulary.TREATMENT_SLUGS


def test_the_slugs_are_unique_and_the_synthetic_data_uses_only_them():
    for slugs in (vocabulary.TREATMENT_SLUGS, vocabulary.CONDITION_SLUGS, vocabulary.PAYMENT_SLUGS):
        assert len(slugs) == len(set(slugs))
    assert set(synthetic.TREATMENT_ODDS) == set(vocabulary.TREATMENT_SLUGS)
    assert set(synthetic.CONDITION_ODDS) == set(vocabulary.CONDITION_SLUGS)
    assert set(synthetic.PAYMENT_ODDS) == set(vocabulary.PAYMENT_SLUGS)
    assert set(synthetic.LANGUAGE_ODDS) <= set(vocabulary.LANGUAGE_CODES)


def test_docs_api_lists_every_slug():
    text = API_DOC.read_text(encoding="utf-8")
    for slug in (*vocabulary.TREATMENT_SLUGS, *vocabulary.CONDITION_SLUGS, *vocabulary.PAYMENT_SLUGS):
        assert f"`{slug}`" in text, slug
