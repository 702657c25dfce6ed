"""StreamField blocks that network editors curate pages with."""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250, help_text="Describe the image for people who cannot see it."
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "networks/blocks/image.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        template = "networks/blocks/document.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        template = "networks/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")

    class Meta:
        icon = "pick"
        template = "networks/blocks/call_to_action.html"


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=200)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)


class LinkListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    links = blocks.ListBlock(LinkBlock())

    class Meta:
        icon = "list-ul"
        template = "networks/blocks/link_list.html"


class NetworkBodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul", "document-link"])
    image = ImageBlock()
    document = DocumentBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    link_list = LinkListBlock()


# Bulletin blocks ----------------------------------------------------------------
#
# A bulletin is read twice: on the site and in members' inboxes. Every block
# below works out its own content in `get_context`, so the page template and
# the email templates (networks/bulletins/email/blocks/) render the same values.
# The live blocks look their items up when rendered: when the bulletin is
# previewed, when it is sent, and when its archive page is read.


def _bulletin_network(parent_context: dict | None):
    """The network a bulletin block is rendered for: given by the email renderer, or the page's parent."""
    context = parent_context or {}
    if context.get("network") is not None:
        return context["network"]
    page = context.get("page")
    return getattr(page, "network", None) if page is not None else None


class LiveContentBlock(blocks.StructBlock):
    """Base for blocks that list the network's current content rather than text typed in."""

    heading = blocks.CharBlock(max_length=120)
    count = blocks.IntegerBlock(min_value=1, max_value=10, default=3, help_text="How many to list (1–10).")
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

    empty_text = "No live chats are scheduled yet. Watch the network page for the next one."

    def items(self, network, count: int) -> list[dict]:
        from django.utils import timezone

        from chat.models import LiveChatPage

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
        template = "networks/bulletins/blocks/live_list.html"
        label = "Upcoming live chats"


class LatestThreadsBlock(LiveContentBlock):
    """The network's most recently active discussions."""

    empty_text = "No discussions have started yet. Be the first to start one."

    def items(self, network, count: int) -> list[dict]:
        from discussions.models import Thread

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
        template = "networks/bulletins/blocks/live_list.html"
        label = "Latest discussions"


class OpenConsultationsBlock(LiveContentBlock):
    """A commission's consultation documents that are open for submissions."""

    commission = SnippetChooserBlock("networks.PolicyCommission")
    empty_text = "This commission has no consultation open at the moment."

    def get_context(self, value, parent_context=None):
        context = blocks.StructBlock.get_context(self, value, parent_context=parent_context)
        context["items"] = self.consultations(value["commission"], value["count"])
        context["empty_text"] = self.empty_text
        return context

    def consultations(self, commission, count: int) -> list[dict]:
        from django.urls import reverse

        if commission is None:
            return []
        documents = commission.documents.filter(is_open=True).order_by("-year", "stage", "title")[:count]
        return [
            {
                "title": document.title,
                "url": reverse("submissions:document", args=[commission.slug, document.pk]),
                "when": None,
                "text": document.get_stage_display(),
            }
            for document in documents
        ]

    class Meta:
        icon = "doc-full-inverse"
        template = "networks/bulletins/blocks/live_list.html"
        label = "Open consultations"


class BulletinBodyBlock(blocks.StreamBlock):
    """What an email bulletin is made of: the blocks that read well both on the site and in an inbox."""

    rich_text = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    image = ImageBlock()
    call_to_action = CallToActionBlock()
    upcoming_chats = UpcomingChatsBlock()
    latest_threads = LatestThreadsBlock()
    open_consultations = OpenConsultationsBlock()
