from django.urls import path

from referrals.views import api, lost_link, prescreen, referrals, reroute, workspace

app_name = "referrals"
urlpatterns = [
    path("api/prescreen/", api.prescreen, name="api_prescreen"),
    path("api/referrals/", api.referrals, name="api_referrals"),
    path("api/referrals/<int:pk>/", api.referral_detail, name="api_referral_detail"),
    path("prescreen/", prescreen.prescreen, name="prescreen"),
    path("prescreen/crisis/", prescreen.crisis, name="crisis"),
    path("prescreen/refer/", referrals.refer, name="refer"),
    path("referrals/", workspace.referral_list, name="list"),
    path("referrals/<int:pk>/", workspace.referral_detail, name="detail"),
    path("referrals/<int:pk>/reroute/", reroute.referrer_reroute, name="reroute"),
    path("referrals/new/", prescreen.new_referral, name="new"),
    path("referrals/sent/", referrals.sent, name="sent"),
    path("referrals/lost-link/", lost_link.lost_link_view, name="lost_link"),
    path("referrals/track/<str:token>/", referrals.track, name="track"),
    path("referrals/track/<str:token>/reroute/", reroute.patient_reroute, name="track_reroute"),
]
