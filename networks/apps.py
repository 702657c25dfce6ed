from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from networks import permissions  # noqa: F401  (registers the network rules)
