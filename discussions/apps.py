from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from discussions import notifications, permissions, scopes  # noqa: F401  (rules and the "notifications" unsubscribe scope)
        from discussions.member_data import REFERENCES, erase, export
        from networks.member_data import register_member_data
        from networks.models import RESERVED_NETWORK_PATHS
        from networks.notices import register_notifier
        from networks.preferences import register_preference_section
        from networks.unsubscribe import register_preferences_page

        RESERVED_NETWORK_PATHS.reserve("threads", "moderation")
        register_preferences_page("discussions:email_preferences")
        register_notifier(notifications.notify)
        register_preference_section(
            "notifications",
            order=10,
            template="discussions/partials/notification_preferences.html",
            build=notifications.build_preference_form,
            save=notifications.save_preference_form,
        )
        register_preference_section(
            "levels",
            order=11,
            template="discussions/partials/network_levels.html",
            build=notifications.build_levels_form,
            save=notifications.save_levels_form,
        )
        register_member_data("discussions", export=export, erase=erase, covers=REFERENCES)
        scopes.register()
        from django.db.models.signals import post_delete, post_save

        from discussions.models import WatchedWord
        from discussions.screening import forget_watched_words

        post_save.connect(forget_watched_words, sender=WatchedWord, dispatch_uid="forget-watched-words-saved")
        post_delete.connect(forget_watched_words, sender=WatchedWord, dispatch_uid="forget-watched-words-deleted")
        from discussions.actions import suspensions
        from networks.suspensions import register_suspension_handler

        register_suspension_handler(
            "discussions",
            suspended=suspensions.log_suspension,
            lifted=suspensions.log_lift,
            hide=suspensions.hide_posts_of,
            restore=suspensions.restore_posts_of,
            dismissed=suspensions.log_dismissal,
        )
        from discussions import panels

        panels.register()
