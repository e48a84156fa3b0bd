from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Cast, Floor
from django.urls import reverse

from directory import geo
from directory.nearby import BANDS_PER_DEGREE, WithinMiles, squared_distance

if TYPE_CHECKING:
    from directory.geo import Point

zip_code_validator = RegexValidator(r"^\d{5}$", "Enter a 5-digit US ZIP code.")


class ClinicQuerySet(models.QuerySet):
    def published(self) -> ClinicQuerySet:
        return self.filter(published=True)

    def near(self, point: Point, miles: float) -> ClinicQuerySet:
        """Clinics within `miles` of `point`, annotated with `distance_sq` for ordering.

        The filter reads one range of the (lat_band, longitude, latitude, published, name, id)
        index per 3.5-mile latitude band of the circle's box and checks the circle
        on the index entry (see directory.nearby): a 25-mile search among a million
        clinics reads only its box. `distance_sq` is a flat-earth squared distance in
        degrees, plain arithmetic in SQLite and PostgreSQL alike; exact geodesic miles
        are computed in Python for the rows shown.
        """
        return self.annotate(distance_sq=squared_distance(point)).filter(WithinMiles(point, miles))

    def open_at(self, moment: datetime.datetime) -> ClinicQuerySet:
        """Clinics open at `moment`, each judged in its own time zone."""
        from .hours import OpeningHours

        condition = Q()
        for (weekday, local_time), zones in geo.local_times_by_zone(moment).items():
            condition |= Q(clinic__timezone__in=zones, weekday=weekday, opens__lte=local_time, closes__gt=local_time)
        open_hours = OpeningHours.objects.filter(condition, clinic=OuterRef("pk"))
        return self.filter(Exists(open_hours))

    def with_lookups(self) -> ClinicQuerySet:
        """Everything a clinic card or the API needs, in a fixed number of queries."""
        return self.select_related("city", "responsiveness").prefetch_related(
            "treatments", "conditions", "payment_options", "languages", "opening_hours"
        )


class Clinic(models.Model):
    name = models.CharField(max_length=200, help_text="The clinic's public name.")
    slug = models.SlugField(max_length=220, unique=True, help_text="URL name; letters, numbers and hyphens.")
    city = models.ForeignKey(
        "directory.City", on_delete=models.PROTECT, related_name="clinics", help_text="City the clinic is listed under."
    )
    street_address = models.CharField(
        max_length=200, blank=True, help_text="Street and suite, e.g. '12 Peach St, Suite 4'."
    )
    zip_code = models.CharField(max_length=5, validators=[zip_code_validator], help_text="5-digit ZIP code.")
    latitude = models.FloatField(
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text="Decimal degrees. Leave empty to place the clinic at its ZIP code's centre.",
    )
    longitude = models.FloatField(
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text="Decimal degrees (negative in the US).",
    )
    timezone = models.CharField(
        max_length=64, default="America/New_York", help_text="IANA time zone of the clinic, used for 'open now'."
    )
    phone = models.CharField(max_length=30, blank=True, help_text="Number patients call, e.g. (404) 555-0101.")
    email = models.EmailField(blank=True, help_text="Public contact email.")
    website = models.URLField(blank=True, help_text="Clinic website, starting with https://.")
    description = models.TextField(blank=True, help_text="What the clinic offers, in plain language.")
    price_from = models.PositiveIntegerField(
        null=True, blank=True, help_text="Lowest self-pay price of one treatment session, in US dollars."
    )
    price_to = models.PositiveIntegerField(
        null=True, blank=True, help_text="Highest self-pay price of one treatment session, in US dollars."
    )
    medical_director = models.CharField(max_length=200, blank=True, help_text="Name of the medical director.")
    medical_director_credential = models.CharField(
        max_length=100, blank=True, help_text="Credential, e.g. 'MD, anesthesiology'."
    )
    rems_certified = models.BooleanField(
        default=False, help_text="Certified under the SPRAVATO (esketamine) REMS program."
    )
    verified = models.BooleanField(default=False, help_text="Site staff checked this listing.")
    verified_at = models.DateField(null=True, blank=True, help_text="When site staff last verified the listing.")
    details_confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="When clinic staff last confirmed the listing is correct."
    )
    confirmation_reminded_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When clinic staff were last asked to confirm the listing."
    )
    published = models.BooleanField(default=True, help_text="Shown to the public.")
    accepting_new_patients = models.BooleanField(default=True, help_text="Taking new patients now.")
    telehealth = models.BooleanField(default=False, help_text="Offers telehealth consultations.")
    accepts_referrals = models.BooleanField(default=False, help_text="Receives referrals through this site.")
    referral_email = models.EmailField(
        blank=True, help_text="Where new-referral notices go (they never contain patient details)."
    )
    treatments = models.ManyToManyField(
        "directory.Treatment", blank=True, related_name="clinics", help_text="Treatments offered."
    )
    conditions = models.ManyToManyField(
        "directory.Condition", blank=True, related_name="clinics", help_text="Conditions treated."
    )
    payment_options = models.ManyToManyField(
        "directory.PaymentOption", blank=True, related_name="clinics", help_text="Ways to pay accepted."
    )
    languages = models.ManyToManyField(
        "directory.Language", blank=True, related_name="clinics", help_text="Languages spoken by staff."
    )
    # The four relations above as bit masks (directory.lookup_masks keeps them), read by the near index.
    condition_mask = models.BigIntegerField(
        null=True, db_default=models.Value(0), editable=False, help_text="Conditions treated, as bits."
    )
    treatment_mask = models.BigIntegerField(
        null=True, db_default=models.Value(0), editable=False, help_text="Treatments offered, as bits."
    )
    payment_mask = models.BigIntegerField(
        null=True, db_default=models.Value(0), editable=False, help_text="Ways to pay, as bits."
    )
    language_mask = models.BigIntegerField(
        null=True, db_default=models.Value(0), editable=False, help_text="Languages spoken, as bits."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived by the database from latitude, so every write path (admin, import, fixtures, bulk SQL) keeps it right.
    lat_band = models.GeneratedField(
        expression=Cast(Floor((F("latitude") + 90) * BANDS_PER_DEGREE), models.IntegerField()),
        output_field=models.IntegerField(),
        db_persist=True,
        help_text="Latitude band used by the near-me index; computed by the database.",
    )

    objects = ClinicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            # Covers near(): the circle, `published`, the tie-breaks `name` and `id` are read from the index alone
            # (SQLite keeps the rowid in every index anyway; PostgreSQL needs `id` listed for an index-only scan),
            # and so are the yes/no filters and the lookups' masks (directory.lookup_masks): a filtered search tests
            # them on each entry in its circle before reading any table row (around Manhattan at a million
            # clinics, 51,000 entries).
            models.Index(
                fields=[
                    "lat_band",
                    "longitude",
                    "latitude",
                    "published",
                    "name",
                    "id",
                    "accepting_new_patients",
                    "telehealth",
                    "condition_mask",
                    "treatment_mask",
                    "payment_mask",
                    "language_mask",
                ],
                name="clinic_near_lookups",
            ),
            # A city's published clinics by name, and the home page's count of published clinics per city
            # from the index alone (with (city, name) it read every clinic row: seconds at 1M clinics).
            models.Index(fields=["city", "published", "name"], name="clinic_city_published_name"),
            # Unfiltered lists by name and their deep pages: the page's keys and the count from the index alone.
            models.Index(fields=["published", "name", "id"], name="clinic_published_name_id"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90), name="clinic_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__gte=-180, longitude__lte=180), name="clinic_longitude_range"),
            models.CheckConstraint(
                condition=Q(price_from__isnull=True) | Q(price_to__isnull=True) | Q(price_to__gte=F("price_from")),
                name="clinic_price_range_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:clinic_detail", kwargs={"slug": self.slug})

    @property
    def point(self) -> Point:
        return geo.Point(self.latitude, self.longitude)
