from django.urls import path

from directory.api import places as places_api
from directory.api import views as api
from directory.views import confirmation, pages, search

app_name = "directory"
urlpatterns = [
    path("", pages.home, name="home"),
    path("clinics/", search.clinic_search, name="clinic_search"),
    path("clinics/<slug:slug>/", pages.clinic_detail, name="clinic_detail"),
    path("cities/<slug:slug>/", search.city_detail, name="city_detail"),
    path("listing/confirm/<str:token>/", confirmation.confirm_listing, name="confirm_listing"),
    path("api/clinics/", api.clinic_list, name="api_clinic_list"),
    path("api/clinics/<slug:slug>/", api.clinic_detail_view, name="api_clinic_detail"),
    path("api/places/", places_api.place_list, name="api_place_list"),
]
