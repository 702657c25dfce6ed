"""The chat's client frames: their fields, their types and the action each one calls.

Both the WebSocket consumer and the no-JavaScript form view go through `run_frame`,
so a frame and a form post are checked the same way. docs/chat-protocol.md
documents every frame listed here.

Every field is checked here, whole (patterns use `fullmatch`, so a trailing newline
is not "the end"): a string that is not text (a lone surrogate, which JSON's `\\ud800`
escape can carry, or U+0000, which PostgreSQL refuses) or a client id that does not
fit its pattern is an `invalid_frame` error frame, never a failure further in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from chat import actions
from chat.actions import CLIENT_ID, message_payload
from networks.languages import lazy_percent

MAX_INT = 2**63 - 1
"""The largest number a frame may carry: ids and sequence numbers are 64-bit in the database."""
MAX_REF_CHARS = 64
MAX_LIST_ITEMS = 20
"""A list field's longest length the protocol reads; the action says how many it takes (a poll: 2 to 6)."""


class FrameError(Exception):
    """A frame that does not match the protocol; `code` is the error frame's code."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Field:
    """One field's type as JSON carries it, and (for strings) what the string must be."""

    python: type
    describe: str
    pattern: re.Pattern | None = None

    def check(self, name: str, value) -> None:
        if not isinstance(value, self.python) or (self.python is int and isinstance(value, bool)):
            raise FrameError("invalid_frame", gettext("“%(name)s” must be %(what)s.") % {"name": name, "what": self.describe})
        if self.python is int and not -MAX_INT <= value <= MAX_INT:
            raise FrameError("invalid_frame", gettext("“%(name)s” is out of range.") % {"name": name})
        if self.python is str:
            check_text(name, value)
            if self.pattern is not None and not self.pattern.fullmatch(value):
                raise FrameError("invalid_frame", gettext("“%(name)s” must be %(what)s.") % {"name": name, "what": self.describe})
        if self.python is list:
            if len(value) > MAX_LIST_ITEMS or not all(isinstance(item, str) for item in value):
                raise FrameError("invalid_frame", gettext("“%(name)s” must be %(what)s.") % {"name": name, "what": self.describe})
            for item in value:
                check_text(name, item)


INT = Field(int, gettext_lazy("a whole number"))
BOOL = Field(bool, gettext_lazy("true or false"))
TEXT = Field(str, gettext_lazy("a string"))
TEXT_LIST = Field(list, lazy_percent(gettext_lazy("a list of at most %(max)s strings"), {"max": MAX_LIST_ITEMS}))
CLIENT_ID_FIELD = Field(
    str, gettext_lazy("1 to 64 letters, digits or - _ . : (made by the client for each submission)"), CLIENT_ID
)


def check_text(name: str, value: str) -> None:
    """Refuse strings that are not text: lone surrogates cannot be stored or sent, U+0000 cannot be stored."""
    if "\x00" in value:
        raise FrameError("invalid_frame", gettext("“%(name)s” contains a NUL character (U+0000), which is not text.") % {"name": name})
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise FrameError(
            "invalid_frame", gettext("“%(name)s” contains a lone surrogate, which is not text.") % {"name": name}
        ) from None


def clean_ref(frame: dict):
    """The frame's `ref`, echoed in its answer: a short string or a 64-bit number, else None with an error."""
    ref = frame.get("ref")
    if ref is None:
        return None
    if isinstance(ref, int) and not isinstance(ref, bool) and -MAX_INT <= ref <= MAX_INT:
        return ref
    if isinstance(ref, str) and len(ref) <= MAX_REF_CHARS:
        check_text("ref", ref)
        return ref
    raise FrameError(
        "invalid_frame",
        gettext("“ref” must be a string of at most %(max)s characters or a whole number.") % {"max": MAX_REF_CHARS},
    )


@dataclass(frozen=True)
class Frame:
    run: Callable[[Any, Any, dict], dict]
    required: dict[str, Field] = field(default_factory=dict)
    optional: dict[str, Field] = field(default_factory=dict)

    @property
    def fields(self) -> dict[str, Field]:
        return {**self.required, **self.optional}


def _submitted(result: actions.Submitted) -> dict:
    return {"message": message_payload(result.message), "duplicate": not result.created}


def _message(message) -> dict:
    return {"message": message_payload(message)}


def _state(chat, state) -> dict:
    return {"state": chat.status_at(state)}


def _poll(poll) -> dict:
    return {"poll": actions.poll_payload(poll)}


def _answering(state) -> dict:
    return {"answering": state.answering_now_id}


FRAMES: dict[str, Frame] = {
    "submit": Frame(
        lambda user, chat, f: _submitted(actions.submit(user, chat, f["text"], f["client_id"])),
        {"text": TEXT, "client_id": CLIENT_ID_FIELD},
    ),
    "vote": Frame(lambda user, chat, f: _message(actions.vote(user, chat, f["question"])), {"question": INT}),
    "approve": Frame(lambda user, chat, f: _message(actions.approve(user, chat, f["question"])), {"question": INT}),
    "reject": Frame(
        lambda user, chat, f: _message(actions.reject(user, chat, f["question"], f.get("reason", ""))),
        {"question": INT},
        {"reason": TEXT},
    ),
    "merge": Frame(
        lambda user, chat, f: _message(actions.merge(user, chat, f["question"], f["into"])),
        {"question": INT, "into": INT},
    ),
    "edit": Frame(
        lambda user, chat, f: _message(actions.edit(user, chat, f["message"], f["text"])), {"message": INT, "text": TEXT}
    ),
    "remove": Frame(lambda user, chat, f: _message(actions.remove(user, chat, f["message"])), {"message": INT}),
    "pin": Frame(
        lambda user, chat, f: _message(actions.pin(user, chat, f["message"], f.get("pinned", True))),
        {"message": INT},
        {"pinned": BOOL},
    ),
    "mute": Frame(lambda user, chat, f: {"muted": actions.mute(user, chat, f["message"]).user_id}, {"message": INT}),
    "answer": Frame(
        lambda user, chat, f: _submitted(actions.answer(user, chat, f["question"], f["text"], f["client_id"])),
        {"question": INT, "text": TEXT, "client_id": CLIENT_ID_FIELD},
    ),
    "open": Frame(lambda user, chat, f: _state(chat, actions.open_chat(user, chat))),
    "extend": Frame(lambda user, chat, f: _state(chat, actions.extend_chat(user, chat, f["minutes"])), {"minutes": INT}),
    "close": Frame(lambda user, chat, f: _state(chat, actions.close_chat(user, chat))),
    "answering": Frame(
        lambda user, chat, f: _answering(actions.choose_answering_now(user, chat, f.get("question"))), {}, {"question": INT}
    ),
    "ask_poll": Frame(
        lambda user, chat, f: _poll(actions.ask_poll(user, chat, f["text"], f["options"], f["client_id"])),
        {"text": TEXT, "options": TEXT_LIST, "client_id": CLIENT_ID_FIELD},
    ),
    "answer_poll": Frame(
        lambda user, chat, f: {"poll": f["poll"], "option": actions.answer_poll(user, chat, f["poll"], f["option"]).option_id},
        {"poll": INT, "option": INT},
    ),
    "close_poll": Frame(lambda user, chat, f: _poll(actions.close_poll(user, chat, f["poll"])), {"poll": INT}),
}
"""Frames that change the chat. `resume` and `ping` are answered by the consumer itself."""


def validate(frame: dict) -> Frame:
    """The frame's definition, once its fields are present and each is what it must be."""
    definition = FRAMES.get(frame.get("type"))
    if definition is None:
        raise FrameError("unknown_type", gettext("Unknown frame type %(type)s.") % {"type": repr(str(frame.get("type"))[:40])})
    for name in definition.required:
        if name not in frame:
            raise FrameError("invalid_frame", gettext("“%(type)s” needs the field “%(name)s”.") % {"type": frame["type"], "name": name})
    for name, spec in definition.fields.items():
        if name in frame:
            spec.check(name, frame[name])
    return definition


def run_frame(user, chat, frame: dict) -> dict:
    """Validate and run one frame; raises FrameError or ActionRefused (incl. RateLimited)."""
    return validate(frame).run(user, chat, frame)
