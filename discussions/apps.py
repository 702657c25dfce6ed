from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from discussions import permissions, submission_permissions  # noqa: F401
