"""What the home page tells a signed-in member about their own work, from every app.

The home page (floor 5) shows two lists of panels: "To do", the duties a member holds (a
commission's submissions to acknowledge, a moderator's reported posts, …), first; then "Your
work", what is happening to what they sent and asked for (their submissions, amendments,
threads with new replies, requests to join, chats they asked to be reminded of). Each app
registers its own panels here from its `AppConfig.ready()`, so the home page never names the
apps that fill it, and a new app (local policy forums, say) adds a panel without touching it.

A panel's `read(user)` returns the context its template needs, or None when it has nothing to
show this member. It must cost the same few queries however many items it finds: the home
page's query count is pinned by a test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

TO_DO = "to_do"
YOUR_WORK = "your_work"
SECTIONS = (TO_DO, YOUR_WORK)


@dataclass(frozen=True)
class HomePanel:
    name: str
    section: str
    template: str
    read: Callable[[Any], dict | None]
    order: int = 100


_PANELS: dict[str, HomePanel] = {}


def register_home_panel(name: str, *, section: str, template: str, read: Callable[[Any], dict | None], order: int = 100) -> None:
    """Add a panel to the home page's "To do" (TO_DO) or "Your work" (YOUR_WORK), in `order`."""
    if section not in SECTIONS:
        raise ValueError(f"Home panel {name!r}: section must be one of {SECTIONS}, not {section!r}")
    panel = HomePanel(name=name, section=section, template=template, read=read, order=order)
    if name in _PANELS and _PANELS[name] != panel:
        raise ValueError(f"Two different home panels are called {name!r}")
    _PANELS[name] = panel


def registered_home_panels() -> list[HomePanel]:
    return sorted(_PANELS.values(), key=lambda panel: (SECTIONS.index(panel.section), panel.order, panel.name))


def home_panels(user, section: str) -> list[dict]:
    """The panels of `section` with something to show `user`: each {"name", "template", "panel": context}."""
    if not user.is_authenticated:
        return []
    shown = []
    for panel in registered_home_panels():
        if panel.section != section:
            continue
        context = panel.read(user)
        if context:
            shown.append({"name": panel.name, "template": panel.template, "panel": context})
    return shown
