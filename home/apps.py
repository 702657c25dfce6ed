from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from home import admin_scripts

        admin_scripts.install()  # Wagtail's admin choosers without inline scripts (the site's CSP)
