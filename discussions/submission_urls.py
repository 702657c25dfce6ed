"""URLs for tracked submissions and amendments."""

app_name = "submissions"

urlpatterns: list = []
