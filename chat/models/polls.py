"""Live polls: a host or moderator asks, members answer once, everyone watches the result grow.

Each option keeps its own tally (`vote_count`, raised in the same transaction as
the answer row), so a poll's result is read without counting answers, and the
event that broadcasts it carries the stored numbers.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChatPoll(models.Model):
    """One single-choice question put to a chat's members while it runs."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    chat = models.ForeignKey("chat.LiveChatPage", on_delete=models.CASCADE, related_name="polls")
    question = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    asked_by_name = models.CharField(max_length=120, help_text=_("The asker's name as shown when they asked."))
    client_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chat", "client_id"], name="one_poll_per_client_id")]
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return _("Poll %(poll)s in chat %(chat)s") % {"poll": self.pk, "chat": self.chat_id}

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ChatPollOption(models.Model):
    poll = models.ForeignKey(ChatPoll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=200)
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="one_option_per_position")]
        ordering = ["poll", "position"]

    def __str__(self) -> str:
        return _("Option %(position)s of poll %(poll)s") % {"position": self.position, "poll": self.poll_id}


class ChatPollAnswer(models.Model):
    """One member's answer to one poll; the unique constraint is what makes it one."""

    poll = models.ForeignKey(ChatPoll, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(ChatPollOption, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_poll_answers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "user"], name="one_answer_per_member")]

    def __str__(self) -> str:
        return _("Answer by member %(member)s to poll %(poll)s") % {"member": self.user_id, "poll": self.poll_id}
