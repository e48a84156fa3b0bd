from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.favicon import favicon
from config.ratelimit import ratelimit
from config.throttle import ThrottledAdminAuthenticationForm, ThrottledAuthenticationForm
from directory.admin.view_on_site import admin_view_on_site

# Both login forms tell a locked-out user why (config/throttle.py).
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    # Before the admin's own view_on_site, which it replaces (directory/admin/view_on_site.py).
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin_view_on_site, name="view_on_site"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/", auth_views.LoginView.as_view(authentication_form=ThrottledAuthenticationForm), name="login"
    ),
    # Each POST sends an e-mail: limited per client IP so the form cannot be used to flood a mailbox.
    path(
        "accounts/password_reset/",
        ratelimit("password_reset")(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    # set_language: the header's language switcher posts here (cookie only, no session needed).
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("directory.urls")),
    path("", include("directory.urls_moderation")),
    path("", include("referrals.urls")),
    path("", include("interop.urls")),
]

handler400 = "directory.views.errors.bad_request"
handler403 = "directory.views.errors.permission_denied"
handler404 = "directory.views.errors.page_not_found"
handler500 = "directory.views.errors.server_error"
