from django.apps import AppConfig


class NetworksConfig(AppConfig):
    """The ground floor: who is who (networks, memberships, profiles, regions, units, seats), permissions, email."""

    name = "networks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from networks import permissions, scopes  # noqa: F401  (the ground floor's rules register on import)
        from networks.actions.accounts import ACCOUNT_REFERENCES, erase_account, export_account
        from networks.member_data import register_member_data

        register_member_data("networks", export=export_account, erase=erase_account, covers=ACCOUNT_REFERENCES)
        scopes.register()
        from networks import sessions

        sessions.register()
        from networks import panels

        panels.register()
