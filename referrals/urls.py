from django.urls import path

from referrals.views import api, lost_link, messages, packet, prescreen, referrals, reroute, workspace

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
    path("referrals/<int:pk>/messages/", messages.referrer_message, name="messages"),
    path("referrals/<int:pk>/packet/", packet.packet_view, name="packet"),
    path("referrals/<int:pk>/packet/edit/", packet.packet_edit, name="packet_edit"),
    path("referrals/new/", prescreen.new_referral, name="new"),
    path("referrals/sent/", referrals.sent, name="sent"),
    path("referrals/lost-link/", lost_link.lost_link_view, name="lost_link"),
    path("referrals/track/<str:token>/", referrals.track, name="track"),
    path("referrals/track/<str:token>/reroute/", reroute.patient_reroute, name="track_reroute"),
    path("referrals/track/<str:token>/messages/", messages.patient_message, name="track_messages"),
]
