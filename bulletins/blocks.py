"""The blocks a bulletin is written with.

A bulletin is read twice: on the site and in members' inboxes. Every block
below works out its own content in `get_context`, so the page template and
the email templates (bulletins/email/blocks/) render the same values. The
live blocks look their items up when rendered: when the bulletin is
previewed, when it is sent, and when its archive page is read.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from chat.models import LiveChatPage
from discussions.models import Thread
from networks.blocks import CallToActionBlock, ImageBlock


def _bulletin_network(parent_context: dict | None):
    """The network a bulletin block is rendered for: given by the email renderer, or the page's parent."""
    context = parent_context or {}
    if context.get("network") is not None:
        return context["network"]
    page = context.get("page")
    return getattr(page, "network", None) if page is not None else None


class LiveContentBlock(blocks.StructBlock):
    """Base for blocks that list the network's current content rather than text typed in."""

    # Checked when a draft is saved too, not only at Publish: a bulletin list without a heading is never right.
    heading = blocks.CharBlock(max_length=120, required_on_save=True)
    count = blocks.IntegerBlock(min_value=1, max_value=10, default=3, help_text=_("How many to list (1–10)."))
    empty_text = ""

    def items(self, network, count: int) -> list:
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        network = _bulletin_network(parent_context)
        context["items"] = self.items(network, value["count"]) if network is not None else []
        context["empty_text"] = self.empty_text
        return context


class UpcomingChatsBlock(LiveContentBlock):
    """The network's live web chats that have not yet ended, soonest first; one already under way says so."""

    empty_text = gettext_lazy("No live chats are scheduled yet. Watch the network page for the next one.")

    def items(self, network, count: int) -> list[dict]:
        now = timezone.now()
        chats = LiveChatPage.objects.live().child_of(network).filter(ends_at__gt=now).order_by("starts_at")[:count]
        return [
            {
                "title": chat.title,
                "url": chat.url,
                "when": chat.starts_at,
                "text": chat.topic,
                "note": "Live now" if chat.starts_at <= now else "",
            }
            for chat in chats
        ]

    class Meta:
        icon = "time"
        template = "bulletins/blocks/live_list.html"
        label = gettext_lazy("Upcoming live chats")


class LatestThreadsBlock(LiveContentBlock):
    """The network's most recently active discussions."""

    empty_text = gettext_lazy("No discussions have started yet. Be the first to start one.")

    def items(self, network, count: int) -> list[dict]:
        threads = list(Thread.objects.filter(network=network).order_by("-last_activity_at", "-id")[:count])
        for thread in threads:
            thread.network = network  # already loaded: its URL needs the slug, not another query
        return [
            {
                "title": thread.title,
                "url": thread.get_absolute_url(),
                "when": thread.last_activity_at,
                "text": f"{thread.reply_count} repl{'y' if thread.reply_count == 1 else 'ies'}",
            }
            for thread in threads
        ]

    class Meta:
        icon = "comment"
        template = "bulletins/blocks/live_list.html"
        label = gettext_lazy("Latest discussions")


class OpenConsultationsBlock(LiveContentBlock):
    """A commission's consultation documents that are open for submissions."""

    commission = SnippetChooserBlock("networks.PolicyCommission")
    empty_text = gettext_lazy("This commission has no consultation open at the moment.")

    def get_context(self, value, parent_context=None):
        context = blocks.StructBlock.get_context(self, value, parent_context=parent_context)
        context["items"] = self.consultations(value["commission"], value["count"])
        context["empty_text"] = self.empty_text
        return context

    def consultations(self, commission, count: int) -> list[dict]:
        if commission is None:
            return []
        documents = commission.documents.filter(is_open=True).order_by("-year", "stage", "title")[:count]
        return [
            {
                "title": document.title,
                "url": reverse("commissions:document", args=[commission.slug, document.pk]),
                "when": None,
                "text": document.get_stage_display(),
            }
            for document in documents
        ]

    class Meta:
        icon = "doc-full-inverse"
        template = "bulletins/blocks/live_list.html"
        label = gettext_lazy("Open consultations")


class BulletinBodyBlock(blocks.StreamBlock):
    """What an email bulletin is made of: the blocks that read well both on the site and in an inbox."""

    rich_text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    upcoming_chats = UpcomingChatsBlock()
    latest_threads = LatestThreadsBlock()
    open_consultations = OpenConsultationsBlock()
