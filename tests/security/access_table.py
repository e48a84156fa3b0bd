"""THE access table: for every URL pattern of the site, which roles may read (GET) and write (POST).

Keyed by the pattern's route as Django prints it. Admin URLs of a model are grouped in
ADMIN_MODELS (one row per registered model; the six standard URLs of each follow from it).
A pattern that matches no row fails tests/security/test_access_matrix.py: add the row.

"May read/write" means the request is served (2xx, a redirect that is not to a login page
or the admin index, or 400/413/422: input refused on its merits). Anything else counts as
refused: 401, 403, 404, 405, or a redirect to a login page or to the admin index (what the
admin does with an object you may not see).

Objects are always those of side A (clinic A, referral A from referrer A, ...); the tests
of side B are the same with the letters swapped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

ANON, PATIENT = "anonymous", "patient"
REFERRER_A, REFERRER_B = "referrer_a", "referrer_b"
STAFF_A, STAFF_B = "clinic_a_staff", "clinic_b_staff"
SITE, PRIVACY, SUPER = "site_staff", "privacy_officer", "superuser"
ROLES = (ANON, PATIENT, REFERRER_A, REFERRER_B, STAFF_A, STAFF_B, SITE, PRIVACY, SUPER)

ALL = frozenset(ROLES)
NOBODY: frozenset[str] = frozenset()
LOGGED_IN = frozenset({REFERRER_A, REFERRER_B, STAFF_A, STAFF_B, SITE, PRIVACY, SUPER})
REFERRERS = frozenset({REFERRER_A, REFERRER_B})
ADMIN_USERS = frozenset({STAFF_A, STAFF_B, SITE, PRIVACY, SUPER})  # is_staff: may open /admin/
# A privacy officer is site staff with one more permission (open a referral's details with a reason).
SITE_STAFF = frozenset({SITE, PRIVACY, SUPER})
SUPERUSER = frozenset({SUPER})
STAFF_A_AND_SITE_STAFF = frozenset({STAFF_A}) | SITE_STAFF
# Who may see referral A's patient: its referrer, clinic A's staff, superusers. Never site staff;
# a privacy officer only on the disclosure page after giving a reason (tests/security/test_disclosure.py).
SEES_REFERRAL_A = frozenset({REFERRER_A, STAFF_A, SUPER})
SEES_REFERRAL_B = frozenset({REFERRER_B, STAFF_B, SUPER})
# Who may see referral A's row (clinic, status, dates, outcome) in the admin.
SEES_ROW_A = frozenset({STAFF_A, SITE, PRIVACY, SUPER})
# The tracking link: its patient and the referrer who received it in the API answer.
HOLDS_TRACKING_LINK_A = frozenset({PATIENT, REFERRER_A})


@dataclass(frozen=True)
class Row:
    """One URL pattern: who may GET it, who may POST to it, and how to build the request."""

    read: frozenset[str]
    write: frozenset[str]
    url: str | Callable  # a path, or f(world, role) -> path
    data: dict | Callable | None = None  # POST form data (or f(world) -> data); None posts nothing
    json: bool = False  # POST a JSON body (data, or {}) instead of a form
    follow: bool = False  # judge the end of the redirect chain (admin's bare object URL redirects)
    why: str = ""


@dataclass(frozen=True)
class AdminModel:
    """Access to one model's admin URLs, for clinic A's object of that model."""

    obj: Callable  # f(world) -> the object of side A
    changelist: frozenset[str]  # GET the list
    view: frozenset[str]  # GET the object's change page and its history
    change: frozenset[str]  # POST the change page
    add: frozenset[str]  # GET and POST the add page
    delete: frozenset[str]  # GET and POST (without confirming) the delete page
    action: frozenset[str]  # run a list action on the object (action below) from the changelist
    action_name: str = "delete_selected"  # confirmation page only: nothing is deleted
    extra: dict[str, Row] = field(default_factory=dict)  # model-specific URLs, by route suffix


def _clinic(w):
    return w.clinic_a


ADMIN_MODELS: dict[str, AdminModel] = {
    "auth.group": AdminModel(
        obj=lambda w: w.groups["Referrers"],
        changelist=SUPERUSER,
        view=SUPERUSER,
        change=SUPERUSER,
        add=SUPERUSER,
        delete=SUPERUSER,
        action=SUPERUSER,
    ),
    "auth.user": AdminModel(
        # Site staff may look people up (to give clinic staff their memberships), not edit them.
        obj=lambda w: w.referrer_a,
        changelist=SITE_STAFF,
        view=SITE_STAFF,
        change=SUPERUSER,
        add=SUPERUSER,
        delete=SUPERUSER,
        action=SUPERUSER,
    ),
    "django_tasks_database.dbtaskresult": AdminModel(
        # Task arguments are ids only, but the queue is the superuser's business.
        obj=lambda w: w.task_result,
        changelist=SUPERUSER,
        view=SUPERUSER,
        change=NOBODY,
        add=NOBODY,
        delete=NOBODY,
        action=NOBODY,
    ),
    "directory.clinic": AdminModel(
        obj=_clinic,
        changelist=ADMIN_USERS,  # clinic staff see a list of their own clinics
        view=STAFF_A_AND_SITE_STAFF,
        change=STAFF_A_AND_SITE_STAFF,
        add=SITE_STAFF,
        delete=SITE_STAFF,
        # The CSV/GeoJSON/HSDS exports are moderation actions.
        action=SITE_STAFF,
        action_name="export_csv",
    ),
    **{
        f"directory.{name}": AdminModel(
            obj=getter,
            changelist=SITE_STAFF,
            view=SITE_STAFF,
            change=SITE_STAFF,
            add=SITE_STAFF,
            delete=SITE_STAFF,
            action=SITE_STAFF,
        )
        for name, getter in {
            "city": lambda w: w.city_a,
            "treatment": lambda w: w.lookups["treatment"],
            "condition": lambda w: w.lookups["condition"],
            "paymentoption": lambda w: w.lookups["paymentoption"],
            "language": lambda w: w.lookups["language"],
            "clinicmembership": lambda w: w.membership_a,
        }.items()
    },
    "directory.problemreport": AdminModel(
        obj=lambda w: w.report_a,
        changelist=ADMIN_USERS,
        view=STAFF_A_AND_SITE_STAFF,  # clinic staff read reports about their listing
        change=SITE_STAFF,
        add=SITE_STAFF,
        delete=SITE_STAFF,
        action=SITE_STAFF,
    ),
    "referrals.referral": AdminModel(
        obj=lambda w: w.referral_a,
        changelist=ADMIN_USERS,  # each sees the referrals of their own clinic (none for B's staff here)
        view=SEES_ROW_A,  # site staff: the row without the patient (the leak check below proves it)
        change=frozenset({STAFF_A, SUPER}),  # site staff read referrals, never work them
        add=NOBODY,  # only through the pre-screen
        delete=NOBODY,  # never deleted; anonymised by purge_referrals
        action=NOBODY,
    ),
    "referrals.referralaccesslog": AdminModel(
        obj=lambda w: w.access_log_a,
        changelist=SITE_STAFF,
        view=SITE_STAFF,
        change=NOBODY,
        add=NOBODY,
        delete=NOBODY,
        action=NOBODY,
    ),
    "referrals.referrerprofile": AdminModel(
        obj=lambda w: w.referrer_a.referrer_profile,
        changelist=SUPERUSER,
        view=SUPERUSER,
        change=SUPERUSER,
        add=SUPERUSER,
        delete=SUPERUSER,
        action=SUPERUSER,
    ),
    "referrals.referrerapitoken": AdminModel(
        obj=lambda w: w.api_token_a,
        changelist=SUPERUSER,
        view=SUPERUSER,
        change=SUPERUSER,
        add=NOBODY,  # issued by manage.py create_referrer_token, the key shown once
        delete=SUPERUSER,
        action=SUPERUSER,
    ),
}

# Model-specific admin URLs, keyed by the route after admin/<app>/<model>/.
ADMIN_MODELS["auth.user"].extra["<id>/password/"] = Row(
    read=SUPERUSER,
    write=SUPERUSER,
    url=lambda w, role: f"/admin/auth/user/{w.referrer_a.pk}/password/",
    why="set someone else's password",
)
ADMIN_MODELS["referrals.referral"].extra.update(
    {
        "<path:object_id>/disclose/": Row(
            read=frozenset({PRIVACY, SUPER}),
            write=frozenset({PRIVACY, SUPER}),  # posted without a reason: 400, the form again, no patient
            url=lambda w, role: f"/admin/referrals/referral/{w.referral_a.pk}/disclose/",
            why="a privacy officer opens one referral's details after giving a reason",
        ),
        "<path:object_id>/message/": Row(
            read=NOBODY,  # POST only
            write=frozenset({STAFF_A}),  # posted empty: 400 "Write a message first.", nothing added
            url=lambda w, role: f"/admin/referrals/referral/{w.referral_a.pk}/message/",
            why="the receiving clinic's staff write to the referrer (site staff never read or write messages)",
        ),
        "<path:object_id>/viewed/": Row(
            read=NOBODY,  # POST only: opening a referral changes nothing
            write=frozenset({STAFF_A}),
            url=lambda w, role: f"/admin/referrals/referral/{w.referral_a.pk}/viewed/",
            why="the receiving clinic marks the referral viewed (a CSRF-protected POST)",
        ),
    }
)
ADMIN_MODELS["directory.clinic"].extra.update(
    {
        "import/": Row(
            read=SITE_STAFF,
            write=SITE_STAFF,
            url="/admin/directory/clinic/import/",
            why="CSV import of listings: moderation",
        ),
        "<path:object_id>/confirm/": Row(
            read=NOBODY,  # POST only: a GET changes nothing (405)
            write=STAFF_A_AND_SITE_STAFF,
            url=lambda w, role: f"/admin/directory/clinic/{w.clinic_a.pk}/confirm/",
            why="'Still correct': confirms the clinic's availability and details, for those who manage it",
        ),
        "^([^/]+)/history/([^/]+)/$": Row(
            read=STAFF_A_AND_SITE_STAFF,
            write=SITE_STAFF,  # clinic staff read their listing's history; only site staff revert
            url=lambda w, role: f"/admin/directory/clinic/{w.clinic_a.pk}/history/{w.clinic_history_id}/",
            why="one past version of a listing (django-simple-history)",
        ),
    }
)


def _hsds(table: str):
    def url(w, role):
        from directory.exporting.hsds_ids import record_id

        plural = {"taxonomy": "taxonomies"}.get(table, f"{table}s")
        return f"/api/hsds/{plural}/{record_id(table, w.clinic_a.pk)}"

    return url


def _hsds_taxonomy(w, role):
    from directory.exporting.hsds_ids import record_id

    return f"/api/hsds/taxonomies/{record_id('taxonomy', 1)}"


def _hsds_term(w, role):
    from directory.exporting.hsds_ids import record_id
    from directory.models import Treatment

    return f"/api/hsds/taxonomy_terms/{record_id('taxonomy_term/treatment', Treatment.objects.first().pk)}"


def _confirm_listing(w, role):
    # The reminder's signed link is the permission (clinic A's staff received it); others can only guess.
    from directory.reminders import confirmation_token

    token = confirmation_token(clinic_id=w.clinic_a.pk, user_id=w.staff_a.pk)
    return f"/listing/confirm/{token if role == STAFF_A else 'guessed-' + token[8:][::-1]}/"


def _packet(w, role):
    # Referral A's answers leave esketamine open; its referrer filled in the packet.
    from referrals.coverage.packet import PacketAnswers, save_packet

    if not hasattr(w.referral_a, "coverage_packet"):
        save_packet(
            referral=w.referral_a, answers=PacketAnswers(phq9_items=[1] * 9, diagnosis="F33.1"), by=w.referrer_a
        )
    return f"/referrals/{w.referral_a.pk}/packet/"


def _track(w, role):
    # Holding the link is the permission; everyone else can only guess a token.
    token = w.token_a if role in HOLDS_TRACKING_LINK_A else "guessed-" + w.token_a[8:][::-1]
    return f"/referrals/track/{token}/"


ROUTES: dict[str, Row] = {
    # --- Admin site (not tied to a model) ---
    "admin/": Row(ADMIN_USERS, ADMIN_USERS, "/admin/", why="the index lists only what the user may see"),
    "admin/login/": Row(
        read=ALL - ADMIN_USERS,
        write=ALL,
        url="/admin/login/",
        why="a GET from staff already logged in is sent on to the index",
    ),
    "admin/logout/": Row(NOBODY, ADMIN_USERS, "/admin/logout/", why="POST only"),
    "admin/password_change/": Row(ADMIN_USERS, ADMIN_USERS, "/admin/password_change/"),
    "admin/password_change/done/": Row(ADMIN_USERS, NOBODY, "/admin/password_change/done/"),
    "admin/autocomplete/": Row(
        read=ADMIN_USERS,  # results are scoped: clinic staff get their own clinics only
        write=NOBODY,
        url="/admin/autocomplete/?app_label=directory&model_name=problemreport&field_name=clinic&term=a",
    ),
    "admin/jsi18n/": Row(ADMIN_USERS, NOBODY, "/admin/jsi18n/"),
    "admin/r/<path:content_type_id>/<path:object_id>/": Row(
        read=STAFF_A_AND_SITE_STAFF,
        write=STAFF_A_AND_SITE_STAFF,
        url=lambda w, role: f"/admin/r/{w.clinic_content_type_id}/{w.clinic_a.pk}/",
        why="'view on site': a redirect to the public page, for those whose admin shows the listing",
    ),
    "admin/^(?P<app_label>auth|django_tasks_database|directory|referrals)/$": Row(
        read=ADMIN_USERS,
        write=ADMIN_USERS,
        url="/admin/referrals/",
        why="the app's index lists only the models the user may see",
    ),
    "admin/(?P<url>.*)$": Row(NOBODY, NOBODY, "/admin/no-such-page/", why="the admin's catch-all 404"),
    "favicon.ico": Row(ALL, NOBODY, "/favicon.ico", why="the site icon; GET and HEAD only"),
    # --- Accounts ---
    "accounts/login/": Row(ALL, ALL, "/accounts/login/"),
    "accounts/logout/": Row(NOBODY, ALL, "/accounts/logout/", why="POST only"),
    "accounts/password_change/": Row(LOGGED_IN, LOGGED_IN, "/accounts/password_change/"),
    "accounts/password_change/done/": Row(LOGGED_IN, NOBODY, "/accounts/password_change/done/"),
    "accounts/password_reset/": Row(ALL, ALL, "/accounts/password_reset/"),
    "accounts/password_reset/done/": Row(ALL, NOBODY, "/accounts/password_reset/done/"),
    "accounts/reset/<uidb64>/<token>/": Row(
        ALL, ALL, "/accounts/reset/MQ/set-password/", why="an invalid link says so, to anyone"
    ),
    "accounts/reset/done/": Row(ALL, NOBODY, "/accounts/reset/done/"),
    "i18n/setlang/": Row(ALL, ALL, "/i18n/setlang/", data={"language": "es", "next": "/"}),
    # --- Directory (public) ---
    "": Row(ALL, ALL, "/", why="a GET page; POST is answered like GET and writes nothing"),
    "clinics/": Row(ALL, ALL, "/clinics/?near=30303", why="POST is answered like GET"),
    "clinics/<slug:slug>/": Row(
        ALL, ALL, lambda w, role: f"/clinics/{w.clinic_a.slug}/", why="POST is answered like GET"
    ),
    "cities/<slug:slug>/": Row(ALL, ALL, lambda w, role: f"/cities/{w.city_a.slug}/", why="POST is answered like GET"),
    "api/clinics/": Row(ALL, NOBODY, "/api/clinics/?near=30303", json=True),
    "api/places/": Row(ALL, NOBODY, "/api/places/?q=atlanta", json=True),
    "api/clinics/<slug:slug>/": Row(ALL, NOBODY, lambda w, role: f"/api/clinics/{w.clinic_a.slug}/", json=True),
    "clinics/<slug:slug>/report/": Row(
        read=NOBODY,
        write=ALL,
        url=lambda w, role: f"/clinics/{w.clinic_a.slug}/report/",
        why="anyone may report a problem with a listing (rate limited)",
    ),
    "api/export/hsds/": Row(ALL, NOBODY, "/api/export/hsds/", why="published listings only"),
    # --- Referrals ---
    "api/prescreen/": Row(NOBODY, ALL, "/api/prescreen/", json=True),
    "api/referrals/": Row(NOBODY, ALL, "/api/referrals/", json=True, why="self-referrals need no account"),
    "api/referrals/<int:pk>/": Row(
        read=SEES_REFERRAL_A,
        write=NOBODY,
        url=lambda w, role: f"/api/referrals/{w.referral_a.pk}/",
        json=True,
        why="the parties: the referrer who sent it, the receiving clinic's staff (and superusers); never site staff",
    ),
    # --- FHIR (interop/fhir): referrals for EHRs, directory reads ---
    "fhir/": Row(NOBODY, REFERRERS, "/fhir/", json=True, why="a transaction Bundle: referrers only (token or session)"),
    "fhir/Bundle": Row(NOBODY, REFERRERS, "/fhir/Bundle", json=True, why="the same transaction, as the issue names it"),
    "fhir/metadata": Row(ALL, NOBODY, "/fhir/metadata", json=True),
    "fhir/Questionnaire/prescreen": Row(ALL, NOBODY, "/fhir/Questionnaire/prescreen", json=True),
    "fhir/Task": Row(LOGGED_IN, NOBODY, "/fhir/Task", json=True, why="a search over the referrals each may see"),
    "fhir/Task/<str:pk>": Row(
        read=SEES_REFERRAL_A,
        write=NOBODY,
        url=lambda w, role: f"/fhir/Task/{w.referral_a.pk}",
        json=True,
        why="exactly as GET /api/referrals/<id>/",
    ),
    "fhir/Task/<str:pk>/_history": Row(
        SEES_REFERRAL_A, NOBODY, lambda w, role: f"/fhir/Task/{w.referral_a.pk}/_history", json=True
    ),
    "fhir/Task/<str:pk>/_history/<str:version>": Row(
        SEES_REFERRAL_A, NOBODY, lambda w, role: f"/fhir/Task/{w.referral_a.pk}/_history/1", json=True
    ),
    "fhir/ServiceRequest/<str:pk>": Row(
        SEES_REFERRAL_A,
        NOBODY,
        lambda w, role: f"/fhir/ServiceRequest/{w.referral_a.pk}",
        json=True,
        why="holds the patient (contained): the parties only",
    ),
    **{
        f"fhir/{kind}/<str:pk>": Row(ALL, NOBODY, lambda w, role, kind=kind: f"/fhir/{kind}/{w.clinic_a.pk}", json=True)
        for kind in ("Organization", "Location", "HealthcareService")
    },
    "fhir/$bulk-publish": Row(ALL, NOBODY, "/fhir/$bulk-publish", json=True, why="published availability"),
    "fhir/bulk/<str:state>/<str:kind>.ndjson": Row(
        ALL, NOBODY, lambda w, role: f"/fhir/bulk/{w.clinic_a.city.state}/Slot.ndjson", json=True
    ),
    # --- HSDS 3.0 API (interop/hsds_api): published listings only ---
    "api/hsds/": Row(ALL, NOBODY, "/api/hsds/"),
    **{
        f"api/hsds/{plural}": Row(ALL, NOBODY, f"/api/hsds/{plural}")
        for plural in (
            "services",
            "service_at_locations",
            "organizations",
            "locations",
            "taxonomies",
            "taxonomy_terms",
        )
    },
    **{
        f"api/hsds/{table}s/<str:id>": Row(ALL, NOBODY, _hsds(table))
        for table in ("service", "service_at_location", "organization", "location")
    },
    "api/hsds/taxonomies/<str:id>": Row(ALL, NOBODY, _hsds_taxonomy),
    "api/hsds/taxonomy_terms/<str:id>": Row(ALL, NOBODY, _hsds_term),
    "prescreen/": Row(ALL, ALL, "/prescreen/"),
    "prescreen/crisis/": Row(ALL, NOBODY, "/prescreen/crisis/"),
    "prescreen/refer/": Row(NOBODY, ALL, "/prescreen/refer/", why="POST only; needs a signed pre-screen state"),
    "referrals/": Row(LOGGED_IN, NOBODY, "/referrals/", why="each sees only the referrals they sent"),
    "referrals/<int:pk>/": Row(
        read=frozenset({REFERRER_A, SUPER}),
        write=NOBODY,
        url=lambda w, role: f"/referrals/{w.referral_a.pk}/",
        why="the referrer's page of one referral: its referrer and superusers; clinic staff use the admin",
    ),
    "referrals/<int:pk>/reroute/": Row(
        read=NOBODY,
        write=frozenset({REFERRER_A, SUPER}),
        url=lambda w, role: f"/referrals/{w.referral_a.pk}/reroute/",
        why="POST only; referral A is still open, so the referrer is answered 422 (nothing is sent on)",
    ),
    "referrals/<int:pk>/messages/": Row(
        read=NOBODY,
        write=frozenset({REFERRER_A}),  # posted empty: 400; a superuser reads the page but writes nothing (403)
        url=lambda w, role: f"/referrals/{w.referral_a.pk}/messages/",
        why="POST only; the referrer who sent it writes to the clinic",
    ),
    "referrals/<int:pk>/packet/": Row(
        read=frozenset({REFERRER_A, SUPER}),
        write=NOBODY,
        url=_packet,
        why="the printable coverage packet, on the referrer's page of the referral",
    ),
    "referrals/<int:pk>/packet/edit/": Row(
        read=frozenset({REFERRER_A, SUPER}),
        write=frozenset({REFERRER_A}),  # posted empty: 400, the form with its errors
        url=lambda w, role: f"/referrals/{w.referral_a.pk}/packet/edit/",
        why="the referrer fills in the esketamine coverage packet",
    ),
    "referrals/new/": Row(REFERRERS, REFERRERS, "/referrals/new/", why="members of the Referrers group"),
    "referrals/sent/": Row(ALL, NOBODY, "/referrals/sent/", why="shows only what this browser just sent"),
    "listing/confirm/<str:token>/": Row(
        read=frozenset({STAFF_A}),
        write=frozenset({STAFF_A}),
        url=_confirm_listing,
        why="the monthly reminder's one-click 'Still correct' (confirms on POST only)",
    ),
    "referrals/lost-link/": Row(
        read=ALL,
        write=ALL,
        url="/referrals/lost-link/",
        data={"email": "nobody@example.org"},
        why="anyone may ask; the same answer whether or not a referral was sent from the address (rate limited)",
    ),
    "referrals/track/<str:token>/reroute/": Row(
        read=NOBODY,
        write=HOLDS_TRACKING_LINK_A,
        url=lambda w, role: _track(w, role) + "reroute/",
        why="POST only; holding the link is the permission (referral A is open: 422, nothing is sent on)",
    ),
    "referrals/track/<str:token>/messages/": Row(
        read=NOBODY,
        write=NOBODY,
        url=lambda w, role: _track(w, role) + "messages/",
        why="POST only; referral A was sent by a referrer, whose thread it is: its patient is refused (403); "
        "a self-referral's patient writes here (tests/referrals/test_messages.py)",
    ),
    "referrals/track/<str:token>/": Row(
        read=HOLDS_TRACKING_LINK_A,
        write=NOBODY,
        url=_track,
        why="whoever holds the unguessable link; status only, no patient details",
    ),
}
