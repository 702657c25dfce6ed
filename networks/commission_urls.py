"""URLs for policy commissions, party units, regions, coordinators (issue: commissions in dialogue)."""

app_name = "commissions"

urlpatterns: list = []
