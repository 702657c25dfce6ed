from django.apps import AppConfig


class CommissionsConfig(AppConfig):
    """Policy commissions in dialogue: their pages, work programmes, documents, submissions and amendments."""

    name = "commissions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from commissions import permissions  # noqa: F401
        from commissions.member_data import REFERENCES, erase, export
        from discussions.dialogues import register_dialogue_owner
        from networks.member_data import register_member_data

        # A submission owns its dialogue thread: the submission rules answer for reading, replying and the
        # official voice in it (the commission it is addressed to).
        register_dialogue_owner(
            lambda thread: getattr(thread, "submission", None),
            view="view_submission",
            reply="reply_submission",
            official="change_submission_status",
        )
        register_member_data("commissions", export=export, erase=erase, covers=REFERENCES)
        from commissions import panels

        panels.register()
