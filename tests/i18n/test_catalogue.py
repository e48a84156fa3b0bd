"""The Spanish catalogue is complete, compiled from the current .po, and keeps every placeholder and tag.

Regenerate after adding strings (gettext tools needed only then):
    DJANGO_DEBUG=1 .venv/bin/python manage.py makemessages -l es --ignore=.venv --ignore=benchmarks \
        --ignore=staticfiles --ignore=tests
    (fill every new msgstr) then: DJANGO_DEBUG=1 .venv/bin/python manage.py compilemessages -l es --ignore=.venv
"""

from __future__ import annotations

import gettext
import re

import pytest
from django.utils import translation

from directory.display_names import LOOKUP_NAMES, WEEKDAY_NAMES
from directory.models import Condition, Language, PaymentOption, Treatment
from referrals.screening import CRISIS_RESOURCES, QUESTIONS, RULES, SECTIONS, SUBSTANCE_HELPLINES
from referrals.workflow import PATIENT_WORDING, Status

from .po import MO_PATH, PO_PATH, messages, read_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
TAG = re.compile(r"</?(?:a|b|br|em|p|span|strong)\b[^>]*>")
# The same word in both languages (names, acronyms and technical tokens), checked one by one.
SAME_IN_SPANISH = {
    "Medicare",
    "Medicaid",
    "TRICARE / VA",
    "%(miles)s mi",
    "Use %(methods)s.",
    "No",
}


def test_every_message_has_a_spanish_translation_and_none_is_fuzzy():
    entries = messages()
    assert len(entries) > 500
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(s.strip() for s in e.msgstr)]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []
    header = read_po()[0]
    assert header.msgid == "" and "Language: es" in header.msgstr[0] and "fuzzy" not in header.flags


def test_plural_messages_fill_every_spanish_plural_form():
    header = read_po()[0].msgstr[0]
    forms = int(re.search(r"nplurals=(\d+)", header).group(1))
    for entry in messages():
        if entry.plural is not None:
            assert len(entry.msgstr) == forms, entry.msgid


def _tags(text: str) -> list[str]:
    # Links may point somewhere else in Spanish (988lineadevida.org), but the markup stays the same.
    return [tag.split()[0].rstrip(">") for tag in TAG.findall(text)]


def test_translations_keep_placeholders_and_html_tags():
    broken = [
        entry.msgid
        for entry in messages()
        for text in entry.msgstr
        if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(entry.plural or entry.msgid))
        or _tags(text) != _tags(entry.msgid)
    ]
    assert broken == []


def test_translations_are_spanish_not_copies_of_the_english():
    copies = {e.msgid for e in messages() if e.plural is None and e.msgstr[0] == e.msgid}
    assert copies <= SAME_IN_SPANISH


def test_compiled_catalogue_matches_the_po_file():
    assert MO_PATH.exists(), "run compilemessages and commit locale/es/LC_MESSAGES/django.mo"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in messages():
        if entry.plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            expected.update({(entry.key, index): text for index, text in enumerate(entry.msgstr)})
    compiled.pop("", None)  # the header
    assert compiled == expected, "the .mo is out of date: run compilemessages"


def test_pre_screen_wording_is_all_in_the_catalogue():
    """Every question, answer, section, rule message, status and crisis resource reads in Spanish."""
    texts = [q.text for q in QUESTIONS] + [q.about_patient for q in QUESTIONS] + [q.help for q in QUESTIONS if q.help]
    texts += [label for q in QUESTIONS for _, label in q.choices]
    texts += (
        [s.title for s in SECTIONS] + [s.about_patient_title for s in SECTIONS] + [s.intro for s in SECTIONS if s.intro]
    )
    texts += [rule.message for rule in RULES] + [rule.about_patient for rule in RULES]
    texts += list(PATIENT_WORDING.values()) + [s.label for s in Status]
    texts += [resource["name"] for resource in CRISIS_RESOURCES + SUBSTANCE_HELPLINES]
    with translation.override("en"):
        english = [str(text) for text in texts]
    with translation.override("es"):
        spanish = [str(text) for text in texts]
    untranslated = [en for en, es in zip(english, spanish, strict=True) if en == es and en not in SAME_IN_SPANISH]
    assert untranslated == []


@pytest.mark.django_db
def test_every_lookup_name_in_the_database_is_marked_and_translated():
    names = [row.name for model in (Treatment, Condition, PaymentOption, Language) for row in model.objects.all()]
    assert set(names) <= set(LOOKUP_NAMES)
    catalogue = {e.msgid: e.msgstr[0] for e in messages() if e.plural is None}
    assert all(catalogue.get(name) for name in names + list(WEEKDAY_NAMES))


def test_the_po_file_is_utf8_with_the_spanish_plural_rule():
    header = PO_PATH.read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert "charset=UTF-8" in header and "Plural-Forms: nplurals=3" in header
