"""The sections of the pre-screen: one step of the page each, titled for the person and for a referrer."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    about_patient_title: str
    intro: str = ""


SECTIONS: tuple[Section, ...] = (
    Section("age", _("Your age"), _("The patient's age")),
    Section(
        "safety",
        _("How you have been feeling"),
        _("How the patient has been feeling"),
        _("These questions are about the past 2 weeks."),
    ),
    Section(
        "safety_follow_up",
        _("Your safety"),
        _("The patient's safety"),
        _("Thank you for telling us. Your answers help us point you to the right help."),
    ),
    Section("care", _("What you are looking for"), _("What the patient is looking for")),
    Section(
        "health",
        _("Your health"),
        _("The patient's health"),
        _("Ketamine can raise blood pressure and pressure in the head and eyes."),
    ),
    Section("mind", _("Your mental health and substance use"), _("The patient's mental health and substance use")),
    Section("everyday", _("Pregnancy, medicines and getting home"), _("Pregnancy, medicines and getting home")),
)

SECTIONS_BY_ID: dict[str, Section] = {s.id: s for s in SECTIONS}
