from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Importing registers each concern's rules with networks.permissions.
        from networks import bulletin_permissions, commission_permissions, permissions  # noqa: F401
        from networks.bulletin_actions import register_unsubscribe_scope

        register_unsubscribe_scope()
