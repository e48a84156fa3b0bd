"""The packet's fixed lists: ICD-10-CM depression codes, antidepressants (by name or class), trial outcomes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Major depressive disorder without psychotic features: the codes esketamine's indications fall under.
DIAGNOSES: tuple[tuple[str, str], ...] = (
    ("F32.0", _("F32.0 Major depressive disorder, single episode, mild")),
    ("F32.1", _("F32.1 Major depressive disorder, single episode, moderate")),
    ("F32.2", _("F32.2 Major depressive disorder, single episode, severe without psychotic features")),
    ("F32.9", _("F32.9 Major depressive disorder, single episode, unspecified")),
    ("F33.0", _("F33.0 Major depressive disorder, recurrent, mild")),
    ("F33.1", _("F33.1 Major depressive disorder, recurrent, moderate")),
    ("F33.2", _("F33.2 Major depressive disorder, recurrent severe without psychotic features")),
    ("F33.9", _("F33.9 Major depressive disorder, recurrent, unspecified")),
)

SSRI, SNRI, TCA, MAOI, OTHER = "ssri", "snri", "tca", "maoi", "other"
CLASSES: dict[str, str] = {
    SSRI: _("SSRI"),
    SNRI: _("SNRI"),
    TCA: _("Tricyclic (TCA)"),
    MAOI: _("MAOI"),
    OTHER: _("Other mechanism"),
}

# slug → (class, name). Generic names are the same in English and Spanish; the class-only rows are translated.
ANTIDEPRESSANTS: dict[str, tuple[str, str]] = {
    "citalopram": (SSRI, "citalopram"),
    "escitalopram": (SSRI, "escitalopram"),
    "fluoxetine": (SSRI, "fluoxetine"),
    "paroxetine": (SSRI, "paroxetine"),
    "sertraline": (SSRI, "sertraline"),
    "other-ssri": (SSRI, _("another SSRI")),
    "desvenlafaxine": (SNRI, "desvenlafaxine"),
    "duloxetine": (SNRI, "duloxetine"),
    "levomilnacipran": (SNRI, "levomilnacipran"),
    "venlafaxine": (SNRI, "venlafaxine"),
    "other-snri": (SNRI, _("another SNRI")),
    "amitriptyline": (TCA, "amitriptyline"),
    "nortriptyline": (TCA, "nortriptyline"),
    "other-tca": (TCA, _("another tricyclic")),
    "phenelzine": (MAOI, "phenelzine"),
    "tranylcypromine": (MAOI, "tranylcypromine"),
    "other-maoi": (MAOI, _("another MAOI")),
    "bupropion": (OTHER, "bupropion"),
    "mirtazapine": (OTHER, "mirtazapine"),
    "trazodone": (OTHER, "trazodone"),
    "vilazodone": (OTHER, "vilazodone"),
    "vortioxetine": (OTHER, "vortioxetine"),
    "other": (OTHER, _("another antidepressant")),
}

NO_RESPONSE, PARTIAL, NOT_TOLERATED, RESPONDED = "no_response", "partial_response", "not_tolerated", "responded"
OUTCOMES: tuple[tuple[str, str], ...] = (
    (NO_RESPONSE, _("No meaningful response")),
    (PARTIAL, _("Partial response, not enough")),
    (NOT_TOLERATED, _("Stopped for side effects")),
    (RESPONDED, _("Responded")),
)
# What the SPRAVATO label's TRD definition counts: a trial that did not give an adequate response.
INADEQUATE_RESPONSE = frozenset({NO_RESPONSE, PARTIAL})


def antidepressant_label(slug: str) -> str:
    """'sertraline (SSRI)': the drug or class as chosen, with its class."""
    drug_class, name = ANTIDEPRESSANTS[slug]
    return f"{name} ({CLASSES[drug_class]})"


def antidepressant_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The select's choices, grouped by class."""
    return [
        (str(label), [(slug, str(name)) for slug, (cls, name) in ANTIDEPRESSANTS.items() if cls == drug_class])
        for drug_class, label in CLASSES.items()
    ]
