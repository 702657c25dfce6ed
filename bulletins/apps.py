from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    """Email bulletins from networks and commissions: the page, its live blocks, sending and the delivery ledger."""

    name = "bulletins"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from bulletins import permissions  # noqa: F401
        from bulletins.actions import register_unsubscribe_scope, save_preference_form
        from bulletins.forms import build_preference_form
        from bulletins.member_data import REFERENCES, erase, export
        from commissions.models import RESERVED_COMMISSION_PATHS
        from networks.member_data import register_member_data
        from networks.models import RESERVED_NETWORK_PATHS
        from networks.preferences import register_preference_section

        register_unsubscribe_scope()
        RESERVED_NETWORK_PATHS.reserve("bulletins")
        RESERVED_COMMISSION_PATHS.reserve("bulletins")
        register_member_data("bulletins", export=export, erase=erase, covers=REFERENCES)
        register_preference_section(
            "bulletins",
            order=20,
            template="bulletins/partials/preference_section.html",
            build=build_preference_form,
            save=save_preference_form,
        )
        from bulletins import panels

        panels.register()
