from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from discussions import notifications, permissions, scopes  # noqa: F401  (rules and the "notifications" unsubscribe scope)
        from discussions.member_data import REFERENCES, erase, export
        from networks.member_data import register_member_data
        from networks.models import RESERVED_NETWORK_PATHS
        from networks.unsubscribe import register_preferences_page

        RESERVED_NETWORK_PATHS.reserve("threads", "moderation")
        register_preferences_page("discussions:email_preferences")
        register_member_data("discussions", export=export, erase=erase, covers=REFERENCES)
        scopes.register()
