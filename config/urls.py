from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("directory.urls")),
    path("", include("directory.urls_moderation")),
    path("", include("referrals.urls")),
]

handler404 = "directory.views.errors.page_not_found"
handler500 = "directory.views.errors.server_error"
