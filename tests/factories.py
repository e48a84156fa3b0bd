"""factory_boy factories shared by every test package."""

import factory
from django.contrib.auth import get_user_model

from directory.listing_version import listings_changed
from directory.models import City, Clinic, ClinicMembership, Condition, Language, PaymentOption, Treatment


class ListingFactory(factory.django.DjangoModelFactory):
    """Test data written straight to the tables says so, as the services and the admin do after a write."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            listings_changed()


class CityFactory(ListingFactory):
    class Meta:
        model = City
        django_get_or_create = ("slug",)

    name = "Atlanta"
    state = "GA"
    slug = factory.LazyAttribute(lambda o: f"{o.name.lower().replace(' ', '-')}-{o.state.lower()}")
    latitude = 33.749
    longitude = -84.388
    timezone = "America/New_York"


class ClinicFactory(ListingFactory):
    """A published Atlanta clinic at 30303's centroid unless told otherwise."""

    class Meta:
        model = Clinic
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Clinic {n}")
    slug = factory.Sequence(lambda n: f"test-clinic-{n}")
    city = factory.SubFactory(CityFactory)
    street_address = "1 Example St"
    zip_code = "30303"
    latitude = 33.7525
    longitude = -84.3888
    timezone = "America/New_York"
    phone = "(404) 555-0100"
    published = True
    accepting_new_patients = True

    @factory.post_generation
    def treatments(self, create, extracted, **kwargs):
        if create and extracted:
            self.treatments.set(Treatment.objects.filter(slug__in=extracted))

    @factory.post_generation
    def conditions(self, create, extracted, **kwargs):
        if create and extracted:
            self.conditions.set(Condition.objects.filter(slug__in=extracted))

    @factory.post_generation
    def payment_options(self, create, extracted, **kwargs):
        if create and extracted:
            self.payment_options.set(PaymentOption.objects.filter(slug__in=extracted))

    @factory.post_generation
    def languages(self, create, extracted, **kwargs):
        if create and extracted:
            self.languages.set(Language.objects.filter(code__in=extracted))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    # Hashed before the insert: a post-generation set_password would not be saved
    # (skip_postgeneration_save), leaving a user who cannot log in.
    password = factory.django.Password("pw-for-tests-only")


class ClinicMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicMembership

    user = factory.SubFactory(UserFactory)
    clinic = factory.SubFactory(ClinicFactory)
