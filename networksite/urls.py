from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

# Both admins sign in through allauth's login page: one login, one throttle, one two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("csp-report", home_views.csp_report, name="csp_report"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("", include("home.urls")),
    path("", include("networks.urls")),
    path("", include("discussions.urls")),
    path("", include("chat.urls")),
    path("", include("commissions.urls")),
    path("", include("bulletins.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree serves everything not matched above.
urlpatterns += [path("", include(wagtail_urls))]
