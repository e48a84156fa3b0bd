"""The lookups' one vocabulary: treatments, conditions, payment options and languages.

Their slugs (language codes for languages) are the API's (docs/API.md) and never change. The
English `name` is what the database row and the API carry; pages show it translated through the
message catalogue (directory.display_names), so each is marked with gettext_noop here. A
condition's `plain_label` is the pre-screen's patient-facing wording of it.

Read by the data migration that creates the rows (directory/migrations/0002), the display
names, the screening questions (referrals/screening/choices.py), the demo and synthetic data;
tests/directory/test_vocabulary.py checks that the database rows match it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop


@dataclass(frozen=True)
class Term:
    slug: str
    name: str
    description: str = ""
    native_name: str = ""
    plain_label: str | Promise = ""


TREATMENTS: tuple[Term, ...] = (
    Term(
        "iv-infusion",
        gettext_noop("IV infusion"),
        "Ketamine given slowly into a vein, usually over about 40 minutes, with monitoring.",
    ),
    Term("im-injection", gettext_noop("IM injection"), "Ketamine given as a shot into a muscle, with monitoring."),
    Term(
        "esketamine-nasal-spray",
        gettext_noop("Esketamine nasal spray (SPRAVATO)"),
        "FDA-approved nasal spray given at certified centers, with at least 2 hours of monitoring.",
    ),
    Term(
        "oral-sublingual",
        gettext_noop("Oral or sublingual ketamine"),
        "Tablets or lozenges, often as part of a supervised program.",
    ),
    Term(
        "ketamine-assisted-psychotherapy",
        gettext_noop("Ketamine-assisted psychotherapy"),
        "Ketamine sessions combined with therapy before, during and after.",
    ),
)
CONDITIONS: tuple[Term, ...] = (
    Term("depression", gettext_noop("Depression"), plain_label=gettext_lazy("Depression")),
    Term(
        "treatment-resistant-depression",
        gettext_noop("Treatment-resistant depression"),
        plain_label=gettext_lazy("Depression that has not gotten better with treatment"),
    ),
    Term("anxiety", gettext_noop("Anxiety"), plain_label=gettext_lazy("Anxiety")),
    Term("ptsd", gettext_noop("PTSD"), plain_label=gettext_lazy("PTSD (after trauma)")),
    Term("ocd", gettext_noop("OCD"), plain_label=gettext_lazy("OCD")),
    Term(
        "bipolar-depression",
        gettext_noop("Bipolar depression"),
        plain_label=gettext_lazy("Depression with bipolar disorder"),
    ),
    Term("chronic-pain", gettext_noop("Chronic pain"), plain_label=gettext_lazy("Long-lasting (chronic) pain")),
    Term(
        "crps",
        gettext_noop("CRPS (complex regional pain syndrome)"),
        plain_label=gettext_lazy("CRPS (complex regional pain syndrome)"),
    ),
    Term("fibromyalgia", gettext_noop("Fibromyalgia"), plain_label=gettext_lazy("Fibromyalgia")),
    Term("migraine", gettext_noop("Migraine"), plain_label=gettext_lazy("Migraine")),
)
PAYMENTS: tuple[Term, ...] = (
    Term("self-pay", gettext_noop("Self-pay")),
    Term("private-insurance", gettext_noop("Private insurance")),
    Term("medicare", gettext_noop("Medicare")),
    Term("medicaid", gettext_noop("Medicaid")),
    Term("tricare-va", gettext_noop("TRICARE / VA")),
    Term("financing", gettext_noop("Financing or payment plans")),
)
# Languages: the slug is the ISO 639-1 code; the native name is shown as it is.
LANGUAGES: tuple[Term, ...] = (
    Term("en", gettext_noop("English"), native_name="English"),
    Term("es", gettext_noop("Spanish"), native_name="Español"),
    Term("ko", gettext_noop("Korean"), native_name="한국어"),
    Term("zh", gettext_noop("Chinese"), native_name="中文"),
    Term("vi", gettext_noop("Vietnamese"), native_name="Tiếng Việt"),
    Term("tl", gettext_noop("Tagalog"), native_name="Tagalog"),
    Term("hy", gettext_noop("Armenian"), native_name="Հայերեն"),
    Term("fa", gettext_noop("Persian"), native_name="فارسی"),
    Term("ru", gettext_noop("Russian"), native_name="Русский"),
    Term("fr", gettext_noop("French"), native_name="Français"),
    Term("ht", gettext_noop("Haitian Creole"), native_name="Kreyòl ayisyen"),
    Term("ar", gettext_noop("Arabic"), native_name="العربية"),
    Term("hi", gettext_noop("Hindi"), native_name="हिन्दी"),
    Term("pt", gettext_noop("Portuguese"), native_name="Português"),
    Term("ja", gettext_noop("Japanese"), native_name="日本語"),
    Term("am", gettext_noop("Amharic"), native_name="አማርኛ"),
)

TREATMENT_SLUGS: tuple[str, ...] = tuple(term.slug for term in TREATMENTS)
CONDITION_SLUGS: tuple[str, ...] = tuple(term.slug for term in CONDITIONS)
PAYMENT_SLUGS: tuple[str, ...] = tuple(term.slug for term in PAYMENTS)
LANGUAGE_CODES: tuple[str, ...] = tuple(term.slug for term in LANGUAGES)
# The one treatment with its own label, certification (REMS) and screening rules.
ESKETAMINE = "esketamine-nasal-spray"

# Every English name pages translate (directory.display_names).
ENGLISH_NAMES: tuple[str, ...] = tuple(
    term.name for terms in (TREATMENTS, CONDITIONS, PAYMENTS, LANGUAGES) for term in terms
)
