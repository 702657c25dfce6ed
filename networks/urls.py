"""The ground floor's pages: joining networks and their members pages, accounts, regions, coordinators, unsubscribe."""

from django.urls import path

from networks import media
from networks.views import (
    accounts,
    confirm,
    memberships,
    party,
    suspensions,
    unsubscribe,
    verification,
)

app_name = "networks"

urlpatterns = [
    path("networks/<slug:slug>/join/", memberships.join, name="join"),
    path("networks/<slug:slug>/leave/", memberships.leave, name="leave"),
    path("networks/<slug:slug>/members/", memberships.members, name="members"),
    path("accounts/profile/", accounts.profile, name="profile"),
    path("accounts/membership/", verification.verify_membership, name="verify_membership"),
    path("accounts/my-data/", accounts.my_data, name="my_data"),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path("regions/", party.regions, name="regions"),
    path("coordinators/join/", party.coordinator_signup, name="coordinator_signup"),
    path("coordinators/coverage/", party.coverage, name="coverage"),
    path("unsubscribe/<str:token>/", unsubscribe.unsubscribe_view, name="unsubscribe"),
    # Image renditions, each asked `view_image` (networks.media); the "renditions" storage's URLs point here.
    path("images/<path:name>", media.serve_rendition, name="image"),
    path("confirm/", confirm.confirm, name="confirm"),
    path("suspensions/", suspensions.suspension_list, name="suspensions"),
    path("suspensions/new/", suspensions.suspend, name="suspend"),
    path("suspensions/<int:pk>/", suspensions.suspension_detail, name="suspension"),
    path("suspensions/requests/<int:pk>/dismiss/", suspensions.dismiss_request, name="dismiss_suspension_request"),
]
