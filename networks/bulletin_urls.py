"""URLs for network email bulletins: send, report, unsubscribe."""

app_name = "bulletins"

urlpatterns: list = []
