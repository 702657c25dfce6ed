"""Threads, posts, flags, moderation log, following, read state and notifications.

A thread's posts form a tree: the opening post has no parent and every reply
answers one post. Each post stores a materialised `path` (the zero-padded ids of
its ancestors and itself), so ordering a thread's posts by `path` gives the
depth-first reading order, a page of the thread is one slice of that order, and
a post's position (for permalinks to later pages) is one COUNT query.

A thread usually belongs to a network. A thread with no network belongs to
something above discussions (a submission's dialogue with its commission, in
`commissions`); its read and reply rules are its owner's, found through
`discussions.dialogues`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase
from wagtail.search import index

PATH_STEP = 10
"""Digits per ancestor in Post.path: enough for ids up to 9,999,999,999."""

MAX_TREE_DEPTH = 60
"""Replies deeper than this are stored as siblings of their parent; they still name it in `parent`."""


class TaggedThread(TaggedItemBase):
    content_object = models.ForeignKey("Thread", on_delete=models.CASCADE, related_name="tagged_items")


class Thread(index.Indexed, models.Model):
    """A discussion: a title, an opening post and its replies.

    `reply_count`, `last_activity_at`, `last_post_id` and `has_official_response`
    are kept up to date by the actions in `discussions.actions`, so the thread
    list sorts and marks 10,000 threads without counting posts.
    """

    network = models.ForeignKey(
        "networks.NetworkPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="threads",
        help_text=_("Empty for a submission's dialogue with a commission."),
    )
    title = models.CharField(max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="threads"
    )
    tags = TaggableManager(blank=True, through=TaggedThread, related_name="threads")
    created_at = models.DateTimeField(default=timezone.now)
    last_activity_at = models.DateTimeField(default=timezone.now)
    last_post_id = models.BigIntegerField(default=0, help_text=_("Id of the newest post, for unread marks."))
    reply_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(default=False)
    is_pinned = models.BooleanField(default=False)
    has_official_response = models.BooleanField(default=False)

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.FilterField("id"),
        index.FilterField("network"),
        index.FilterField("created_at"),
        index.FilterField("last_activity_at"),
        index.RelatedFields("tags", [index.SearchField("name"), index.FilterField("slug")]),
    ]

    class Meta:
        indexes = [
            # Each ends with the lists' tie-break ("-id"): without it the database sorted every thread
            # of a network to show the first 25 (13 ms in a network of 10,000 threads).
            models.Index(fields=["network", "-is_pinned", "-last_activity_at", "-id"], name="thread_by_activity"),
            models.Index(fields=["network", "-is_pinned", "-created_at", "-id"], name="thread_by_newest"),
            models.Index(fields=["network", "-is_pinned", "-reply_count", "-id"], name="thread_by_replies"),
        ]
        ordering = ["-is_pinned", "-last_activity_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.network_id is None:
            return reverse("discussions:thread", kwargs={"pk": self.pk})
        return reverse("discussions:network_thread", kwargs={"slug": self.network.slug, "pk": self.pk})


class Post(index.Indexed, models.Model):
    """One contribution to a thread: the opening post or a reply to any post.

    Deleting keeps the row as a "[deleted]" placeholder so replies stay in place;
    hiding is a moderator's decision, reversible, and recorded in the log.
    """

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    network = models.ForeignKey(
        "networks.NetworkPage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The thread's network, copied here so search can filter posts by visibility."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    path = models.CharField(max_length=700, blank=True, db_index=False)
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField(help_text=_("Markdown, as the member typed it."))
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    is_official = models.BooleanField(
        default=False, help_text=_("An official response from a policy commission: highlighted and listed first.")
    )

    search_fields = [
        index.SearchField("body"),
        index.FilterField("network"),
        index.FilterField("thread"),
        index.FilterField("is_deleted"),
        index.FilterField("is_hidden"),
        index.FilterField("created_at"),
    ]

    class Meta:
        indexes = [
            models.Index(fields=["thread", "path"], name="post_reading_order"),
            models.Index(fields=["thread", "id"], name="post_by_id"),
        ]
        ordering = ["path"]

    def __str__(self) -> str:
        return _("Post %(post)s in thread %(thread)s") % {"post": self.pk, "thread": self.thread_id}

    def get_absolute_url(self) -> str:
        """The permalink: the thread's post redirect, which finds the right page."""
        return reverse("discussions:post", kwargs={"pk": self.pk})

    @property
    def is_opening(self) -> bool:
        return self.parent_id is None

    @property
    def is_visible_text(self) -> bool:
        return not (self.is_deleted or self.is_hidden)

    def tree_path(self) -> str:
        """The path this post should have, given its parent's (parent must be loaded)."""
        own = str(self.pk).zfill(PATH_STEP)
        if self.parent is None:
            return own
        base = self.parent.path
        if self.parent.depth >= MAX_TREE_DEPTH:
            base = base.rsplit("/", 1)[0]
        return f"{base}/{own}"


class PostRevision(models.Model):
    """An earlier text of an edited post, kept for moderators and the author."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    written_at = models.DateTimeField(help_text=_("When this text was first posted or last edited."))
    replaced_at = models.DateTimeField(default=timezone.now)
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self) -> str:
        return _("Earlier text of post %(post)s") % {"post": self.post_id}


class Flag(models.Model):
    """A member's report that a post breaks the rules, waiting in its network's moderation queue."""

    class Reason(models.TextChoices):
        ABUSE = "abuse", _("Abusive or personal attack")
        SPAM = "spam", _("Spam or advertising")
        OFF_TOPIC = "off_topic", _("Off topic")
        PRIVACY = "privacy", _("Shares someone's private information")
        OTHER = "other", _("Something else")
    class Outcome(models.TextChoices):
        HIDDEN = "hidden", _("The post was hidden")
        KEPT = "kept", _("The post was kept")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="post_flags")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    detail = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True, help_text=_("What the moderator told the reporter."))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"], condition=models.Q(resolved_at__isnull=True), name="one_open_flag_per_reporter"
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="flag_queue")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return _("%(reason)s on post %(post)s") % {"reason": self.get_reason_display(), "post": self.post_id}


class ModerationLogEntry(models.Model):
    """Who did what to which thread or post, when and why. Never edited or deleted by the site."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid a post")
        UNHIDE = "unhide", _("Unhid a post")
        LOCK = "lock", _("Locked a thread")
        UNLOCK = "unlock", _("Unlocked a thread")
        PIN = "pin", _("Pinned a thread")
        UNPIN = "unpin", _("Unpinned a thread")
        MOVE = "move", _("Moved a thread")
        KEEP = "keep", _("Kept a flagged post")
        SUSPEND = "suspend", _("Suspended an account")
        LIFT = "lift", _("Ended a suspension")
        REQUEST = "request", _("Asked staff to suspend a member")
        DISMISS = "dismiss", _("Decided not to suspend a member")
        HOLD = "hold", _("Held a post for approval")
        APPROVE = "approve", _("Approved a held post")
        REJECT = "reject", _("Rejected a held post")

    network = models.ForeignKey(
        "networks.NetworkPage", null=True, blank=True, on_delete=models.CASCADE, related_name="moderation_log"
    )
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    reason = models.TextField()
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["network", "-created_at"], name="modlog_by_network")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def is_site_wide(self) -> bool:
        """A step about an account (a suspension, its end, staff's decision), not about one thread."""
        return self.action in (self.Action.SUSPEND, self.Action.LIFT, self.Action.DISMISS)


class ThreadFollow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="follow_thread_once")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.thread_id}"


class NetworkFollow(models.Model):
    """A member's notification level for one network; no row means "mentions and replies only".

    Following a network (the button on its discussions) is the "new threads"
    level, so every follow made before levels existed carries over as it was.
    Threads a member follows (their own, those they replied in) notify them at
    every level but "muted": that is a choice they made thread by thread.
    """

    class Level(models.TextChoices):
        ALL = "all", _("Every post: each new thread and every reply")
        THREADS = "threads", _("New threads only, and the threads I follow")
        MENTIONS = "mentions", _("Mentions and replies only, and the threads I follow")
        MUTED = "muted", _("Muted: nothing from this network (I stay a member)")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_follows")
    network = models.ForeignKey("networks.NetworkPage", on_delete=models.CASCADE, related_name="follows")
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.THREADS)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="follow_network_once")]

    def __str__(self) -> str:
        return f"{self.user} follows network {self.network_id}"


class ThreadVisit(models.Model):
    """The newest post a member has seen in a thread: what makes later posts "unread"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    last_seen_post_id = models.BigIntegerField(default=0)
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_visit_per_thread")]

    def __str__(self) -> str:
        return f"{self.user} saw {self.thread_id} up to {self.last_seen_post_id}"


class EmailPreference(models.Model):
    """How a member wants notification email: at once, once a day, once a week on their day, or not at all."""

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("Straight away, one email per notification")
        DIGEST = "digest", _("Once a day, in a digest")
        WEEKLY = "weekly", _("Once a week, in a digest on the day I choose")
        OFF = "off", _("Never: I will check the site")

    class Day(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference")
    notifications = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    digest_day = models.PositiveSmallIntegerField(
        choices=Day.choices, default=Day.MONDAY, help_text=_("The weekday of the weekly digest (site time).")
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user}: {self.notifications}"


class Notification(models.Model):
    """Something a member should know about, shown on the site and sent by email as they chose.

    `digest_pending` marks a notification waiting for the member's next daily
    or weekly digest; the digest clears it, so running it twice sends nothing twice.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    digest_pending = models.BooleanField(default=False)
    network = models.ForeignKey(
        "networks.NetworkPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The network it happened in, for grouping digests."),
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The thread it is about, for grouping digests."),
    )

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(fields=["digest_pending", "recipient"], name="notification_digest"),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


__all__ = [
    "EmailPreference",
    "Flag",
    "ModerationLogEntry",
    "NetworkFollow",
    "Notification",
    "Post",
    "PostRevision",
    "TaggedThread",
    "Thread",
    "ThreadFollow",
    "ThreadVisit",
]
