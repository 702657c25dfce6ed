"""RSS and Atom feeds: a public network's latest threads, and a tag's latest threads in public networks.

Feeds are read anonymously by feed readers, so they only ever include public
networks; a members-only network has no feed (404) rather than an empty one.
Readers show a description as HTML, so every description is escaped text
(`feed_text`): what a member typed reaches a reader as the characters they typed.
"""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from taggit.models import Tag

from discussions.models import Post, Thread
from discussions.text import feed_text, plain_excerpt
from networks.models import NetworkPage

FEED_LENGTH = 30


def _with_openings(threads: list[Thread]) -> list[Thread]:
    """Attach each thread's opening post in one query, for the item descriptions."""
    openings = {
        post.thread_id: post
        for post in Post.objects.filter(thread__in=threads, parent__isnull=True).only("thread_id", "body", "is_hidden", "is_deleted")
    }
    for thread in threads:
        thread.opening = openings.get(thread.pk)
    return threads


class _ThreadFeed(Feed):
    def summary_text(self, obj) -> str:
        raise NotImplementedError

    def description(self, obj) -> str:
        """RSS readers show the channel's description as HTML: escaped."""
        return feed_text(self.summary_text(obj))

    def subtitle(self, obj) -> str:
        """Atom's subtitle is plain text (it has no type="html"): as it is."""
        return self.summary_text(obj)

    def items(self, obj):
        return _with_openings(list(self.threads(obj)[:FEED_LENGTH]))

    def item_title(self, item: Thread) -> str:
        return item.title

    def item_description(self, item: Thread) -> str:
        opening = item.opening
        if opening is None or opening.is_hidden or opening.is_deleted:
            return ""
        return feed_text(plain_excerpt(opening.body, 500))

    def item_link(self, item: Thread) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Thread):
        return item.created_at

    def item_updateddate(self, item: Thread):
        return item.last_activity_at

    def item_author_name(self, item: Thread) -> str:
        profile = getattr(item.author, "profile", None) if item.author else None
        return profile.display_name if profile else "A member"

    def item_categories(self, item: Thread):
        return [tag.name for tag in item.tags.all()]


class NetworkThreadsFeed(_ThreadFeed):
    def get_object(self, request, slug: str) -> NetworkPage:
        network = NetworkPage.objects.live().filter(slug=slug).first()
        if network is None or network.is_members_only:
            raise Http404(gettext("Only public networks have feeds."))
        return network

    def title(self, obj: NetworkPage) -> str:
        return f"{obj.title}: latest threads"

    def link(self, obj: NetworkPage) -> str:
        return reverse("discussions:thread_list", kwargs={"slug": obj.slug})

    def summary_text(self, obj: NetworkPage) -> str:
        return obj.summary

    def threads(self, obj: NetworkPage):
        return (
            Thread.objects.filter(network=obj)
            .select_related("author__profile", "network")
            .prefetch_related("tags")
            .order_by("-created_at", "-id")
        )


class NetworkThreadsAtomFeed(NetworkThreadsFeed):
    feed_type = Atom1Feed


class TagThreadsFeed(_ThreadFeed):
    def get_object(self, request, tag: str) -> Tag:
        found = Tag.objects.filter(slug=tag).first()
        if found is None:
            raise Http404(gettext("No thread has that tag."))
        return found

    def title(self, obj: Tag) -> str:
        return gettext("Threads tagged “%(name)s” on Policy Networks") % {"name": obj.name}

    def link(self, obj: Tag) -> str:
        return reverse("discussions:tag", kwargs={"tag": obj.slug})

    def summary_text(self, obj: Tag) -> str:
        return gettext("The latest threads tagged %(name)s in public policy networks.") % {"name": obj.name}

    def threads(self, obj: Tag):
        return (
            Thread.objects.filter(
                tags=obj, network__live=True, network__visibility=NetworkPage.Visibility.PUBLIC
            )
            .select_related("author__profile", "network")
            .prefetch_related("tags")
            .order_by("-created_at", "-id")
        )


class TagThreadsAtomFeed(TagThreadsFeed):
    feed_type = Atom1Feed
