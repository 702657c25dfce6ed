"""The Wagtail admin for discussions: the watched words staff keep, in the "Partnership in Power" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from discussions.models import WatchedWord
from networks.wagtail_hooks import PARTNERSHIP_IN_POWER_MENU, RulePolicy


class WatchedWordPolicy(RulePolicy):
    """Only those who may `manage_watched_words` (staff) see or edit the list."""

    rule = "manage_watched_words"


class WatchedWordViewSet(SnippetViewSet):
    model = WatchedWord
    icon = "warning"
    menu_label = _("Watched words")
    menu_hook = PARTNERSHIP_IN_POWER_MENU
    menu_order = 20
    list_display = ["word", "action", "created_at"]
    list_filter = ["action"]
    search_fields = ["word"]
    panels = [FieldPanel("word"), FieldPanel("action")]


register_permission_policy(WatchedWord, WatchedWordPolicy(WatchedWord))
register_snippet(WatchedWordViewSet)
