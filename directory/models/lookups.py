"""Lookup tables whose slugs are part of the public API (docs/API.md)."""

from django.db import models


class LookupBase(models.Model):
    slug = models.SlugField(max_length=60, unique=True, help_text="Stable identifier used in URLs and the API.")
    name = models.CharField(max_length=100, help_text="Name shown to visitors.")
    description = models.TextField(blank=True, help_text="One or two plain-language sentences.")
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers are listed first.")

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Treatment(LookupBase):
    """How ketamine is given: IV infusion, IM injection, esketamine nasal spray…"""


class Condition(LookupBase):
    """What a clinic treats: depression, PTSD, chronic pain…"""


class PaymentOption(LookupBase):
    """How a patient can pay: self-pay, private insurance, Medicare…"""


class Language(models.Model):
    code = models.CharField(max_length=2, unique=True, help_text="ISO 639-1 code, for example 'es'.")
    name = models.CharField(max_length=60, help_text="The language's English name.")
    native_name = models.CharField(max_length=60, blank=True, help_text="The language's own name, e.g. 'Español'.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
