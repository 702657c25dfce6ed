from django.apps import AppConfig


class ChatConfig(AppConfig):
    name = "chat"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from chat import permissions  # noqa: F401
        from chat.fanout import hub_health
        from chat.member_data import REFERENCES, erase, export
        from chat.recheck import connect_signals
        from networks.health import register_health_check
        from networks.member_data import register_member_data
        from networks.models import RESERVED_NETWORK_PATHS

        connect_signals()
        RESERVED_NETWORK_PATHS.reserve("chats", "calendar")
        register_member_data("chat", export=export, erase=erase, covers=REFERENCES)
        register_health_check("chat_hubs", hub_health)
        from chat.actions import withdraw_questions_of_suspended
        from networks.suspensions import register_suspension_handler

        register_suspension_handler("chat", suspended=withdraw_questions_of_suspended)
        from chat import panels

        panels.register()
