"""The chat's client frames: their fields, their types and the action each one calls.

Both the WebSocket consumer and the no-JavaScript form view go through `run_frame`,
so a frame and a form post are checked the same way. docs/chat-protocol.md
documents every frame listed here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chat import actions
from chat.actions import message_payload

MAX_INT = 2**63 - 1
"""The largest number a frame may carry: ids and sequence numbers are 64-bit in the database."""


class FrameError(Exception):
    """A frame that does not match the protocol; `code` is the error frame's code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Frame:
    run: Callable[[Any, Any, dict], dict]
    required: dict[str, type] = field(default_factory=dict)
    optional: dict[str, type] = field(default_factory=dict)


def _submitted(result: actions.Submitted) -> dict:
    return {"message": message_payload(result.message), "duplicate": not result.created}


def _message(message) -> dict:
    return {"message": message_payload(message)}


def _state(chat, state) -> dict:
    return {"state": chat.status_at(state)}


FRAMES: dict[str, Frame] = {
    "submit": Frame(
        lambda user, chat, f: _submitted(actions.submit(user, chat, f["text"], f["client_id"])),
        {"text": str, "client_id": str},
    ),
    "vote": Frame(lambda user, chat, f: _message(actions.vote(user, chat, f["question"])), {"question": int}),
    "approve": Frame(lambda user, chat, f: _message(actions.approve(user, chat, f["question"])), {"question": int}),
    "reject": Frame(
        lambda user, chat, f: _message(actions.reject(user, chat, f["question"], f.get("reason", ""))),
        {"question": int},
        {"reason": str},
    ),
    "merge": Frame(
        lambda user, chat, f: _message(actions.merge(user, chat, f["question"], f["into"])),
        {"question": int, "into": int},
    ),
    "edit": Frame(
        lambda user, chat, f: _message(actions.edit(user, chat, f["message"], f["text"])), {"message": int, "text": str}
    ),
    "remove": Frame(lambda user, chat, f: _message(actions.remove(user, chat, f["message"])), {"message": int}),
    "pin": Frame(
        lambda user, chat, f: _message(actions.pin(user, chat, f["message"], f.get("pinned", True))),
        {"message": int},
        {"pinned": bool},
    ),
    "mute": Frame(lambda user, chat, f: {"muted": actions.mute(user, chat, f["message"]).user_id}, {"message": int}),
    "answer": Frame(
        lambda user, chat, f: _submitted(actions.answer(user, chat, f["question"], f["text"], f["client_id"])),
        {"question": int, "text": str, "client_id": str},
    ),
    "open": Frame(lambda user, chat, f: _state(chat, actions.open_chat(user, chat))),
    "extend": Frame(lambda user, chat, f: _state(chat, actions.extend_chat(user, chat, f["minutes"])), {"minutes": int}),
    "close": Frame(lambda user, chat, f: _state(chat, actions.close_chat(user, chat))),
}
"""Frames that change the chat. `resume` and `ping` are answered by the consumer itself."""


def _type_name(kind: type) -> str:
    return {str: "a string", int: "a whole number", bool: "true or false"}[kind]


def validate(frame: dict) -> Frame:
    """The frame's definition, once its fields are present and of the right type."""
    definition = FRAMES.get(frame.get("type"))
    if definition is None:
        raise FrameError("unknown_type", f"Unknown frame type {str(frame.get('type'))[:40]!r}.")
    for name in definition.required:
        if name not in frame:
            raise FrameError("invalid_frame", f"“{frame['type']}” needs the field “{name}”.")
    for name, kind in {**definition.required, **definition.optional}.items():
        value = frame.get(name)
        if name in frame and (not isinstance(value, kind) or (kind is int and isinstance(value, bool))):
            raise FrameError("invalid_frame", f"“{name}” must be {_type_name(kind)}.")
        if kind is int and name in frame and not -MAX_INT <= value <= MAX_INT:
            raise FrameError("invalid_frame", f"“{name}” is out of range.")
    return definition


def run_frame(user, chat, frame: dict) -> dict:
    """Validate and run one frame; raises FrameError or ActionRefused (incl. RateLimited)."""
    return validate(frame).run(user, chat, frame)
