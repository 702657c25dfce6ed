"""URLs for email bulletins on the site: archives and RSS feeds of networks and commissions, preferences, settings.

Sending, test copies and the delivery report live in the Wagtail admin
(`networks.bulletin_admin`); one-click unsubscribe is the shared
`discussions.unsubscribe` link with the scope "bulletins:<network id>".
"""

from django.urls import path

from bulletins import views as bulletin_views

app_name = "bulletins"

urlpatterns = [
    path("networks/<slug:slug>/bulletins/", bulletin_views.archive, name="archive"),
    path("networks/<slug:slug>/bulletins/feed/", bulletin_views.BulletinFeed(), name="feed"),
    path("networks/<slug:slug>/bulletins/settings/", bulletin_views.network_settings, name="settings"),
    path("commissions/<slug:slug>/bulletins/", bulletin_views.commission_archive, name="commission_archive"),
    path("commissions/<slug:slug>/bulletins/feed/", bulletin_views.CommissionBulletinFeed(), name="commission_feed"),
    path("accounts/bulletins/", bulletin_views.preferences, name="preferences"),
]
