"""Builders for live chats: a chat in any state, and what a test socket needs to sign in and close."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from chat.models import LiveChatPage


def make_chat(network, *, title="Ask the Health Secretary", status="live", format="qa", hosts=(), moderators=()):
    now = timezone.now()
    starts = {"live": now - timedelta(minutes=10), "scheduled": now + timedelta(days=2), "closed": now - timedelta(days=3)}[status]
    chat = LiveChatPage(
        title=title,
        slug=f"chat-{LiveChatPage.objects.count() + 1}",
        topic="Waiting times, GP access and the NHS workforce plan.",
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        format=format,
    )
    network.add_child(instance=chat)
    if hosts or moderators:
        chat.hosts.set(hosts)
        chat.moderators.set(moderators)
        chat.save()
    return LiveChatPage.objects.get(pk=chat.pk)


def session_cookie(user) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


async def close_all(*sockets) -> None:
    for socket in sockets:
        await socket.close()
