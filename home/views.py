import email
import email.policy
from pathlib import Path

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core import mail
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness for load balancers: the database answers and the channel layer carries a message."""
    status = {"database": "ok", "channel_layer": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure is a health signal, not a crash
        status["database"] = f"error: {error.__class__.__name__}"
    layer = get_channel_layer()
    status["channel_layer_backend"] = layer.__class__.__name__ if layer else None
    try:
        async_to_sync(_layer_roundtrip)(layer)
    except Exception as error:
        status["channel_layer"] = f"error: {error.__class__.__name__}"
    healthy = status["database"] == "ok" and status["channel_layer"] == "ok"
    return JsonResponse({"status": "ok" if healthy else "error", **status}, status=200 if healthy else 503)


async def _layer_roundtrip(layer) -> None:
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    message = await layer.receive(channel)
    if message.get("type") != "healthz.ping":
        raise RuntimeError("channel layer returned the wrong message")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", {"reason": reason}, status=403)


def _outbox_messages() -> list[dict]:
    """Emails kept by the dev backend (var/outbox) or by the test backend (mail.outbox), newest first."""
    found = []
    for message in reversed(getattr(mail, "outbox", []) or []):
        found.append({"to": ", ".join(message.to), "subject": message.subject, "body": message.body})
    outbox_dir = Path(settings.OUTBOX_DIR)
    if outbox_dir.is_dir():
        for path in sorted(outbox_dir.glob("*.eml"), reverse=True)[:100]:
            parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = parsed.get_body(preferencelist=("plain",))
            found.append(
                {"to": parsed["To"], "subject": parsed["Subject"], "body": body.get_content() if body else ""}
            )
    return found


@never_cache
def outbox(request):
    """The demo's mailbox: shows what would have been emailed. Off in production."""
    if not settings.SHOW_OUTBOX:
        raise Http404("There is no outbox on this site.")
    return render(request, "home/outbox.html", {"messages_sent": _outbox_messages()})
