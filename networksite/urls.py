from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.http import last_modified
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from home.pages import serve_page
from networks import languages, media

# A body too big to read answers 413 with the form's limit (home.views.bad_request), not a bare 400.
handler400 = "home.views.bad_request"

# Both admins sign in through allauth's login page: one login, one throttle, one two-factor step.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("csp-report", home_views.csp_report, name="csp_report"),
    path("request-too-large/", home_views.request_too_large, name="request_too_large"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    # Documents ask `view_document` first (networks.media); Wagtail's own document URLs stay for the rest.
    path("documents/<int:document_id>/<str:document_filename>", media.serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    # The header's language switcher, and the browser's strings (live.js) in the reader's language.
    path("language/", languages.set_language, name="set_language"),
    path("jsi18n/", last_modified(languages.catalogue_changed)(JavaScriptCatalog.as_view()), name="javascript_catalog"),
    path("", include("home.urls")),
    path("", include("networks.urls")),
    path("", include("discussions.urls")),
    path("", include("chat.urls")),
    path("", include("commissions.urls")),
    path("", include("bulletins.urls")),
]

if settings.DEBUG:
    from django.views.static import serve

    # The demo serves public uploads from MEDIA_ROOT as nginx does in production: never a document, an
    # image or a rendition, which go through their permission-checked views (networks.media).
    urlpatterns += [
        re_path(
            r"^media/(?!documents/|images/|original_images/)(?P<path>.+)$", serve, {"document_root": settings.MEDIA_ROOT}
        )
    ]

# Wagtail's page tree serves everything not matched above: English pages at their own address, Welsh
# versions under /cy/ (networks.languages.SiteLocaleMiddleware keeps the reader's choice elsewhere).
# A page with no Welsh version yet is served in English, with a notice (home.pages.serve_page).
urlpatterns += i18n_patterns(
    *[pattern for pattern in wagtail_urls.urlpatterns if pattern.name != "wagtail_serve"],
    re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve"),
    prefix_default_language=False,
)
# A Welsh reader following an address without /cy/ (a link in an email, an old bookmark) still gets the page.
urlpatterns += [re_path(wagtail_urls.serve_pattern, serve_page, name="wagtail_serve_unprefixed")]
