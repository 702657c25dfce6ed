from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Rules, and the "notifications" unsubscribe scope, register on import.
        from discussions import notifications, permissions, submission_permissions  # noqa: F401
