"""URLs for policy commissions, party units, regions, coordinators (issue: commissions in dialogue).

The commission pages themselves are Wagtail pages under /commissions/; the
submission and amendment pages are in `discussions.submission_urls`.
"""

from django.urls import path

from networks import commission_views as views

app_name = "commissions"

urlpatterns = [
    path("commissions/figures.csv", views.figures_csv, name="figures_csv"),
    path("commissions/<slug:slug>/figures.csv", views.commission_figures_csv, name="commission_figures_csv"),
    path("regions/", views.regions, name="regions"),
    path("coordinators/join/", views.coordinator_signup, name="coordinator_signup"),
    path("coordinators/coverage/", views.coverage, name="coverage"),
    path("accounts/my-data/", views.my_data, name="my_data"),
    path("accounts/delete/", views.delete_account, name="delete_account"),
]
