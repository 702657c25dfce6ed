"""Pages for chats: the chat page itself, its no-JavaScript forms, calendars and transcript exports."""

from __future__ import annotations

import re

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from chat import actions, calendars, selectors, transcripts
from chat.forms import SubmitForm
from chat.models import LiveChatPage
from chat.models.pages import ChatStatus
from chat.protocol import FRAMES, FrameError, run_frame
from networks.actions import ActionRefused
from networks.calendars import calendar_response
from networks.models import NetworkPage
from networks.refusals import load_or_refuse, refuse_unless
from networks.search_backend import plain_words

ASCII_INT = re.compile(r"-?[0-9]{1,20}")

CONFIRMATIONS = {
    "vote": gettext_lazy("Your vote is counted."),
    "approve": gettext_lazy("Question approved: everyone can see it now."),
    "reject": gettext_lazy("Question rejected."),
    "merge": gettext_lazy("Questions merged."),
    "edit": gettext_lazy("Text corrected."),
    "remove": gettext_lazy("Message removed."),
    "pin": gettext_lazy("Pin changed."),
    "mute": gettext_lazy("Member muted for this chat."),
    "answer": gettext_lazy("Your answer is published."),
    "open": gettext_lazy("The chat is open."),
    "extend": gettext_lazy("The chat has been extended."),
    "close": gettext_lazy("The chat is closed and its transcript published."),
    "answering": gettext_lazy("The presenter view shows the question being answered."),
    "ask_poll": gettext_lazy("Your poll is running: members can answer it now."),
    "answer_poll": gettext_lazy("Your answer is counted."),
    "close_poll": gettext_lazy("The poll is closed; its result stays on the page and goes into the transcript."),
}


def live_strings() -> dict[str, str]:
    """What live.js says, translated here (the page carries them as JSON): the script has no catalogue of its own."""
    return {
        "connected": _("Connected: updates appear as they happen."),
        "reconnecting": _("Reconnecting…"),
        "reconnecting_in": _("Connection lost. Reconnecting in %(seconds)s s…"),
        "offline": _("Reconnecting… Your device is offline; the chat will catch up when it is back."),
        "busy": _("The chat is busy. Reconnecting in %(seconds)s s…"),
        "signed_out": _("You have been signed out. Reload the page to carry on reading."),
        "not_available": _("This chat is not available to you. Reload the page to see why."),
        "closed": _("This chat has closed."),
        "read_transcript": _("Read the published transcript"),
        "fix_typos": _("Fix typos"),
        "corrected_text": _("Corrected text of %(number)s"),
        "save_correction": _("Save correction"),
        "answering_now": _("Answering now"),
        "poll_running": _("Poll running"),
        "poll_closed": _("Poll closed"),
        "asked_by": _("asked by %(name)s"),
        "send_answer": _("Send my answer"),
        "you_answered": _("You answered: %(answer)s"),
        "result_so_far": _("Result so far"),
        "result": _("Result"),
        "close_poll": _("Close this poll"),
    }


def _readable_chat(request, chat_id: int) -> LiveChatPage:
    """A live chat the visitor may read; any other (a members-only network's included) is answered as missing."""
    return load_or_refuse(request.user, "view_chat", LiveChatPage.objects.live(), missing=_("No such chat."), conceal=True, pk=chat_id)


def serve_chat(chat: LiveChatPage, request, form: SubmitForm | None = None, status: int = 200):
    refuse_unless(request.user, "view_chat", chat)
    # Words only: a NUL byte (which PostgreSQL refuses) or a control character is no part of a search.
    search = plain_words(request.GET.get("q", ""))[:200]
    context = {"page": chat, "self": chat, "request": request, **selectors.chat_page_context(chat, request.user, search)}
    context["form"] = form or SubmitForm(chat=chat)
    context["live_strings"] = live_strings()
    return TemplateResponse(request, "chat/live_chat_page.html", context, status=status)


@require_POST
def submit(request, chat_id: int):
    """The question form without JavaScript: same action, same checks, the text kept on refusal."""
    chat = _readable_chat(request, chat_id)
    form = SubmitForm(request.POST, chat=chat)
    if not form.is_valid():
        return serve_chat(chat, request, form, status=400)
    try:
        result = actions.submit(request.user, chat, form.cleaned_data["text"], form.cleaned_data["client_id"])
    except ActionRefused as refused:
        form.add_error(None, refused.message)
        return serve_chat(chat, request, form, status=400 if request.user.is_authenticated else 403)
    if result.message.kind == result.message.Kind.QUESTION:
        messages.success(request, _("Thank you: your question is with the moderators and appears here once approved."))
    else:
        messages.success(request, _("Your message is posted."))
    return redirect(f"{chat.url}#q-{result.message.pk}" if result.message.status == "approved" else chat.url)


def _form_fields(post, fields) -> dict:
    """A button's form fields as the frame would carry them: numbers in ASCII digits only (int() would take
    "٣" for 3), so an id of any other shape, or past 64 bits, is a clear message rather than a 500."""
    frame = {}
    for name, spec in fields.items():
        if name not in post:
            continue
        value = post[name]
        if spec.python is int:
            if not ASCII_INT.fullmatch(value.strip()):
                raise FrameError("invalid_frame", _("“%(name)s” must be a whole number.") % {"name": name})
            value = int(value.strip())
        elif spec.python is bool:
            value = value in ("1", "true", "on")
        elif spec.python is list:
            value = post.getlist(name)
        frame[name] = value
    return frame


@require_POST
def act(request, chat_id: int):
    """Every other button on the chat page, without JavaScript: the same frames the socket takes."""
    chat = _readable_chat(request, chat_id)
    kind = request.POST.get("type", "")
    definition = FRAMES.get(kind)
    anchor = ""
    try:
        if definition is None or kind == "submit":
            raise FrameError("unknown_type", _("That button does not do anything here."))
        frame = {"type": kind, **_form_fields(request.POST, definition.fields)}
        result = run_frame(request.user, chat, frame)
        if kind == "answer_poll":
            # No socket here waits to publish a tally held back for the interval: publish it now.
            actions.publish_poll_tally(chat.pk, result["poll"])
        messages.success(request, CONFIRMATIONS.get(kind) or _("Done."))
        message = result.get("message")
        if message and message.get("status") == "approved":
            anchor = f"#q-{message.get('question') or message['id']}"
    except (FrameError, ActionRefused) as problem:
        messages.error(request, problem.message)
    return redirect(chat.url + anchor)


@require_POST
def remind(request, chat_id: int):
    chat = _readable_chat(request, chat_id)
    try:
        if request.POST.get("cancel"):
            actions.cancel_reminder(request.user, chat)
            messages.success(request, _("We will not remind you of this chat."))
        else:
            actions.ask_reminder(request.user, chat)
            messages.success(request, _("We will remind you shortly before the chat starts."))
    except ActionRefused as refused:
        messages.error(request, refused.message)
    return redirect(chat.url)


@require_GET
def presenter(request, chat_id: int):
    """The presenter view for the room's screen or the stream: read-only, for whoever may read the chat.

    live.js keeps it current: after each event that changes what it shows, it fetches `?board=1`
    (the board alone, rendered by the same template) and puts it in place.
    """
    chat = _readable_chat(request, chat_id)
    context = {**selectors.presenter_context(chat), "live_strings": live_strings()}
    template = "chat/partials/presenter_board.html" if request.GET.get("board") else "chat/presenter.html"
    return TemplateResponse(request, template, context)


@require_GET
def chat_ics(request, chat_id: int):
    chat = _readable_chat(request, chat_id)
    return calendar_response(calendars.chat_calendar(chat, request), f"{chat.slug}.ics")


@require_GET
def network_calendar(request, slug: str):
    network = load_or_refuse(
        request.user, "view_network", NetworkPage.objects.live(), missing=_("No such network."), conceal=True, slug=slug
    )
    return calendar_response(calendars.network_calendar(network, request), f"{network.slug}-chats.ics")


def _closed_chat(request, chat_id: int) -> LiveChatPage:
    chat = _readable_chat(request, chat_id)
    if actions.chat_status(chat) != ChatStatus.CLOSED:
        raise Http404(_("The transcript is published when the chat closes."))
    return chat


@require_GET
def transcript_markdown(request, chat_id: int):
    chat = _closed_chat(request, chat_id)
    response = HttpResponse(transcripts.markdown(chat), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chat.slug}-transcript.md"'
    return response


@require_GET
def transcript_csv(request, chat_id: int):
    chat = _closed_chat(request, chat_id)
    response = HttpResponse(transcripts.csv_text(chat), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chat.slug}-transcript.csv"'
    return response
