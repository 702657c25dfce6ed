from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from networks.blocks import NetworkBodyBlock
from networks.pagetypes import ChildrenNameTheirParent, ReservedPaths

RESERVED_NETWORK_PATHS = ReservedPaths("join", "leave", "members", "feed", "search")
"""Words under /networks/<slug>/ that belong to views, not to child pages; apps above add their own."""


class NetworkIndexPage(Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["networks.NetworkPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from networks.selectors import network_cards

        context = super().get_context(request, *args, **kwargs)
        context["network_cards"] = network_cards(request.user)
        return context


class NetworkPageQuerySet(PageQuerySet):
    def live(self):
        """The live networks: pages in the site's own language (English), never their Welsh versions.

        A Welsh version of a network page is a translation of its words, not a second network: members,
        threads, chats and bulletins belong to the English page (home.pages serves the Welsh words on
        it). Every listing, slug lookup and permission set asks for `NetworkPage.objects.live()`, so
        none of them meets a Welsh copy (Wagtail's own machinery uses its unfiltered querysets).
        """
        return super().live().filter(locale__language_code=settings.LANGUAGE_CODE)


class NetworkPage(ChildrenNameTheirParent, Page):
    """A policy network: a group of members with a shared interest in a policy area.

    Its child page types (articles here, live chats and bulletins above) each
    name it in their `parent_page_types`.
    """

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read, members join at once")
        MEMBERS_ONLY = "members", _("Members only: content hidden, joining needs approval")
    summary = models.TextField(max_length=500, help_text=_("Shown to everyone, including on the home page."))
    body = StreamField(NetworkBodyBlock(), blank=True, use_json_field=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    editor_group = models.OneToOneField(
        Group, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="edited_network"
    )
    collection = models.OneToOneField(
        "wagtailcore.Collection",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="network",
        help_text=_("The network's documents and images: they share its privacy (networks.media)."),
    )

    hold_first_posts = models.BooleanField(
        default=False,
        verbose_name=_("Hold newcomers' posts for moderators"),
        help_text=_(
            "Posts and chat messages from new accounts, or from members with few approved posts, "
            "wait in the moderators' queue before anyone else sees them."
        ),
    )
    newcomer_days = models.PositiveSmallIntegerField(
        default=7,
        verbose_name=_("New account age (days)"),
        help_text=_("Accounts younger than this are held while the setting above is on."),
    )
    newcomer_posts = models.PositiveSmallIntegerField(
        default=3,
        verbose_name=_("Approved posts needed"),
        help_text=_("Members with fewer approved posts than this are held while the setting above is on."),
    )

    objects = PageManager.from_queryset(NetworkPageQuerySet)()
    # A copy (another network, or a Welsh version) gets its own editor group and collection.
    exclude_fields_in_copy = ["editor_group", "collection"]

    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    settings_panels = Page.settings_panels + [
        FieldPanel("visibility"),
        MultiFieldPanel(
            [FieldPanel("hold_first_posts"), FieldPanel("newcomer_days"), FieldPanel("newcomer_posts")],
            heading=_("First posts"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.FilterField("visibility")]

    parent_page_types = ["networks.NetworkIndexPage"]

    @property
    def is_members_only(self) -> bool:
        return self.visibility == self.Visibility.MEMBERS_ONLY

    def get_context(self, request, *args, **kwargs):
        from networks.selectors import network_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(network_page_context(self, request.user))
        return context


class NetworkArticlePage(Page):
    """An article or resource curated by a network's editors.

    Inherits its network's visibility: in a members-only network, only members
    (and commission members and staff) can read it.
    """

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        RESOURCE = "resource", _("Resource")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    summary = models.TextField(max_length=500, blank=True)
    body = StreamField(NetworkBodyBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("kind"), FieldPanel("summary"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["networks.NetworkPage"]
    subpage_types: list[str] = []

    @cached_property
    def network(self) -> NetworkPage:
        """The network the article belongs to (its parent): one query, asked once per page object.

        The permission check, the breadcrumb and the network's links all ask for it on every view.
        """
        return NetworkPage.objects.get(path=self.path[: -self.steplen])

    def clean(self):
        super().clean()
        if self.slug in RESERVED_NETWORK_PATHS:
            raise ValidationError({"slug": f"“{self.slug}” is used by the network's own pages; choose another slug."})

    def serve(self, request, *args, **kwargs):
        from networks.refusals import refuse_unless

        refuse_unless(request.user, "view_network", self.network)
        return super().serve(request, *args, **kwargs)
