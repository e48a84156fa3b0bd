from django.db import models
from django.urls import reverse


class City(models.Model):
    name = models.CharField(max_length=100, help_text="City name as people write it, e.g. 'Los Angeles'.")
    state = models.CharField(max_length=2, help_text="Two-letter USPS state code, e.g. 'CA'.")
    slug = models.SlugField(max_length=120, unique=True, help_text="URL name, e.g. 'los-angeles-ca'.")
    latitude = models.FloatField(help_text="Latitude of the city centre, decimal degrees.")
    longitude = models.FloatField(help_text="Longitude of the city centre, decimal degrees.")
    timezone = models.CharField(max_length=64, default="America/New_York", help_text="IANA time zone name.")

    class Meta:
        ordering = ["name", "state"]
        verbose_name_plural = "cities"
        constraints = [
            models.UniqueConstraint(fields=["name", "state"], name="city_unique_name_state"),
            models.CheckConstraint(condition=models.Q(latitude__gte=-90, latitude__lte=90), name="city_latitude_range"),
            models.CheckConstraint(
                condition=models.Q(longitude__gte=-180, longitude__lte=180), name="city_longitude_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.state}"

    def get_absolute_url(self) -> str:
        return reverse("directory:city_detail", kwargs={"slug": self.slug})
