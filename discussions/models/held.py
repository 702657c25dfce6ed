"""What slows a spammer down: watched words, and posts held for moderators before anyone sees them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from discussions.models.threads import Post, Thread


class WatchedWord(models.Model):
    """A word or phrase staff watch for in posts and chat messages (edited in the Wagtail admin).

    Matched whole, whatever its case: "casino" catches "Casino" and "CASINO", not "casinos"
    unless listed too. Blocking refuses the post with a message naming the word (the member's
    text is kept); holding sends it to the network's moderators before anyone else sees it.
    """

    class Action(models.TextChoices):
        BLOCK = "block", _("Block: refuse the post and say why")
        HOLD = "hold", _("Hold: send the post to the moderators first")

    word = models.CharField(
        _("word or phrase"), max_length=100, help_text=_("Matched as a whole word or phrase, in any case.")
    )
    action = models.CharField(_("what happens"), max_length=10, choices=Action.choices, default=Action.HOLD)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["word"]
        constraints = [models.UniqueConstraint(Lower("word"), name="watched_word_once")]
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")

    def __str__(self) -> str:
        return self.word


class HeldPost(models.Model):
    """A new thread or reply waiting for a moderator: nobody but its author and the moderators sees it.

    Nothing is a Thread or Post until approved, so no list, feed, search, digest or
    count can show it early; approving writes it as the author posted it (and sends
    the notifications it would have sent), rejecting tells the author with their text.
    """

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    network = models.ForeignKey("networks.NetworkPage", on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="held_replies")
    parent = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="held_posts")
    title = models.CharField(max_length=200, blank=True, help_text=_("For a new thread."))
    tags = models.CharField(max_length=300, blank=True)
    body = models.TextField()
    reason = models.CharField(max_length=300, help_text=_("Why it was held, for the moderators."))
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    note = models.TextField(blank=True, help_text=_("What the moderator told the author."))
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["network", "decided_at"], name="held_queue")]

    def __str__(self) -> str:
        return self.title or f"Reply held in {self.thread_id}"

    def get_absolute_url(self) -> str:
        """Where the author goes after posting: the thread they replied in, or the network's threads."""
        if self.thread_id:
            return self.thread.get_absolute_url()
        return reverse("discussions:thread_list", kwargs={"slug": self.network.slug})

    @property
    def is_thread(self) -> bool:
        return self.thread_id is None
