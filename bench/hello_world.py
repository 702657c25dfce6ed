"""The floor for bench/pages.py: a hello-world Django view, served by daphne like the site.

    DJANGO_SETTINGS_MODULE=hello_world PYTHONPATH=bench daphne hello_world:application

Settings, URLs and the ASGI application in one module: Django's `startproject` middleware and
nothing else, no database, DEBUG off. What a page of the site costs beyond this is the project's own.
"""

SECRET_KEY = "bench-hello-world-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "hello_world"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
DATABASES: dict = {}
USE_TZ = True


def hello(request):
    from django.http import HttpResponse

    return HttpResponse("Hello, world.")


def _urls():
    from django.urls import path

    return [path("", hello)]


urlpatterns = _urls()


def __getattr__(name: str):
    # The ASGI application is made on first use, once Django has read the settings above.
    if name == "application":
        from django.core.asgi import get_asgi_application

        globals()["application"] = get_asgi_application()
        return globals()["application"]
    raise AttributeError(name)
