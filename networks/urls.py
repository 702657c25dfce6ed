from django.urls import path

from networks import views

app_name = "networks"

urlpatterns = [
    path("networks/<slug:slug>/join/", views.join, name="join"),
    path("networks/<slug:slug>/leave/", views.leave, name="leave"),
    path("networks/<slug:slug>/members/", views.members, name="members"),
    path("accounts/profile/", views.profile, name="profile"),
]
