"""The chats' panel on the home page: chats the member asked to be reminded of, not over yet (their work).

Registered with `networks.home_panels` from `apps.ready()`. One query for the chats (with their
live state), one for the networks they sit under.
"""

from __future__ import annotations

from chat.models import LiveChatPage
from chat.models.pages import ChatStatus
from chat.selectors import _with_status
from networks.home_panels import YOUR_WORK, register_home_panel
from networks.models import NetworkPage
from networks.permissions import can


def reminded_chats(user) -> dict | None:
    chats = [
        chat
        for chat in _with_status(LiveChatPage.objects.live().filter(reminders__user=user).select_related("live_state").order_by("starts_at"))
        if chat.status != ChatStatus.CLOSED
    ]
    if not chats:
        return None
    networks = {network.path: network for network in NetworkPage.objects.filter(path__in={chat.path[: -chat.steplen] for chat in chats})}
    for chat in chats:
        chat.__dict__["network"] = networks.get(chat.path[: -chat.steplen])
    chats = [chat for chat in chats if chat.network is not None and can(user, "view_chat", chat)]
    return {"chats": chats} if chats else None


def register() -> None:
    register_home_panel("reminded_chats", section=YOUR_WORK, order=50, read=reminded_chats,
                        template="chat/slots/home_reminded_chats.html")
