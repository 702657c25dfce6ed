from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chat import permissions  # noqa: F401
        from chat.member_data import REFERENCES, erase, export
        from chat.recheck import connect_signals
        from networks.member_data import register_member_data
        from networks.models import RESERVED_NETWORK_PATHS

        connect_signals()
        RESERVED_NETWORK_PATHS.reserve("chats", "calendar")
        register_member_data("chat", export=export, erase=erase, covers=REFERENCES)
        from chat import panels

        panels.register()
