"""The live chat page editors schedule under a network."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from chat.admin_forms import LiveChatPageForm


class ChatStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    LIVE = "live", _("Live now")
    CLOSED = "closed", _("Closed")


class LiveChatPage(Page):
    """A web chat at a set time: a host (often a minister) answers members' questions.

    What editors schedule lives here and is versioned with the page; what happens
    while the chat runs (opened early, extended, closed, the event sequence) lives in
    `LiveChatState`, so publishing a new revision never rewinds a running chat.
    """

    class Format(models.TextChoices):
        QA = "qa", _("Q&A: members ask, moderators approve, hosts answer")
        OPEN = "open", _("Open: members' messages appear at once")

    topic = models.TextField(max_length=1000, help_text=_("What the chat is about, shown in listings and the calendar."))
    starts_at = models.DateTimeField(_("Starts"))
    ends_at = models.DateTimeField(_("Ends"))
    format = models.CharField(max_length=10, choices=Format.choices, default=Format.QA)
    hosts = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_chats",
        help_text=_(
            "Named hosts and co-hosts: members with the host role in this network, or commission members. "
            "The network's hosts may always answer."
        ),
    )
    moderators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="moderated_chats",
        help_text=_("Extra moderators for this chat. The network's moderators and editors always moderate."),
    )

    stream_url = models.URLField(
        _("Stream"),
        blank=True,
        max_length=500,
        help_text=_("A video or audio stream shown beside the questions while the chat is live: a link Wagtail can "
                    "embed (YouTube, Vimeo…) or an embeddable player address, from a site on the allowed list."),
    )
    recording_url = models.URLField(
        _("Recording"),
        blank=True,
        max_length=500,
        help_text=_("Where the recording can be watched or heard afterwards: linked from the transcript."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("topic"),
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at"), FieldPanel("format")], heading=_("When and how")),
        MultiFieldPanel([FieldPanel("hosts"), FieldPanel("moderators")], heading=_("People")),
        MultiFieldPanel([FieldPanel("stream_url"), FieldPanel("recording_url")], heading=_("Stream and recording")),
    ]
    search_fields = Page.search_fields + [index.SearchField("topic"), index.FilterField("starts_at")]

    base_form_class = LiveChatPageForm
    parent_page_types = ["networks.NetworkPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("live chat")

    @cached_property
    def network(self):
        from networks.models import NetworkPage

        # The parent by its tree path: one query, where get_parent() and then the specific page are two.
        return NetworkPage.objects.get(path=self.path[: -self.steplen])

    @cached_property
    def host_ids(self) -> frozenset[int]:
        """The named hosts as saved (not as edited in memory): permissions follow the stored page."""
        return self._named("hosts")

    @cached_property
    def moderator_ids(self) -> frozenset[int]:
        return self._named("moderators")

    def _named(self, field: str) -> frozenset[int]:
        if not self.pk:
            return frozenset()
        through = getattr(LiveChatPage, field).through
        return frozenset(through.objects.filter(livechatpage_id=self.pk).values_list("user_id", flat=True))

    @property
    def is_qa(self) -> bool:
        return self.format == self.Format.QA

    def clean(self):
        super().clean()
        from networks.models import RESERVED_NETWORK_PATHS

        errors = {}
        if self.slug in RESERVED_NETWORK_PATHS:
            errors["slug"] = _("“%(slug)s” is used by the network's own pages; choose another slug.") % {"slug": self.slug}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The chat must end after it starts.")
        from chat.streams import stream_problem

        problem = stream_problem(self.stream_url)
        if problem:
            errors["stream_url"] = problem
        if errors:
            raise ValidationError(errors)

    def state(self):
        from chat.models.events import LiveChatState

        state, _ = LiveChatState.objects.get_or_create(chat_id=self.pk)
        return state

    def status_at(self, state, now: datetime | None = None) -> str:
        """Scheduled, live or closed: by the clock, unless a host or moderator opened, extended or closed it."""
        now = now or timezone.now()
        if state.closed_at:
            return ChatStatus.CLOSED
        if state.opened_at or self.starts_at <= now:
            return ChatStatus.CLOSED if self.effective_end(state) <= now else ChatStatus.LIVE
        return ChatStatus.SCHEDULED

    def effective_end(self, state) -> datetime:
        return state.extended_until or self.ends_at

    def serve(self, request, *args, **kwargs):
        from chat.views import serve_chat

        return serve_chat(self, request)

    def get_preview_template(self, request, mode_name):
        return "chat/live_chat_preview.html"

    def get_preview_context(self, request, mode_name):
        """The draft as it will be announced, read-only: previewing never runs the chat's clock.

        A preview may be of a page never saved (the admin's "add" preview, with no id for the
        chat's forms and socket) or of a draft of a running chat, whose state a preview must
        not change; so it shows the scheduled details, not the live page.
        """
        from chat.selectors import preview_context

        return {**super().get_preview_context(request, mode_name), **preview_context(self)}
