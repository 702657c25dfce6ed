from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chat import permissions  # noqa: F401
        from chat.recheck import connect_signals

        connect_signals()
