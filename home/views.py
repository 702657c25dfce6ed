import email
import email.policy
import hmac
import ipaddress
import json
import logging
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import resolve
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from networks.health import run_health_checks
from networks.limits import BodyLimit, limit_for, too_large, upload_max_bytes

csp_logger = logging.getLogger("networksite.csp")
CSP_REPORT_MAX_BYTES = 16 * 1024


@never_cache
def healthz(request):
    """For load balancers and monitoring: 200 when every check passes, 503 otherwise.

    Everyone sees the status; what each check found (the channel layer in use, queue ages,
    job errors) is for the operator only: a request bearing HEALTHZ_TOKEN, or one from an
    address in HEALTHZ_PRIVATE_NETWORKS (the app's own machine by default).
    """
    results = run_health_checks()
    healthy = all(result.ok for result in results.values())
    body = {"status": "ok" if healthy else "error"}
    if _operator_may_see_detail(request):
        body.update({name: result.summary for name, result in results.items()})
        body["detail"] = {name: result.detail for name, result in results.items() if result.detail}
    return JsonResponse(body, status=200 if healthy else 503)


def _operator_may_see_detail(request) -> bool:
    token = settings.HEALTHZ_TOKEN
    offered = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if token and offered and hmac.compare_digest(offered.encode(), token.encode()):
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in settings.HEALTHZ_PRIVATE_NETWORKS)


@csrf_exempt
@require_POST
def csp_report(request):
    """Where browsers report what the Content-Security-Policy blocked: one warning line each, for the operator."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    if not (length.isascii() and length.isdigit()) or int(length) > CSP_REPORT_MAX_BYTES:
        return HttpResponse(status=413)
    try:
        report = json.loads(request.body).get("csp-report", {})
    except (ValueError, AttributeError):
        return HttpResponse(status=400)
    if not isinstance(report, dict):
        return HttpResponse(status=400)
    csp_logger.warning(
        "CSP blocked %s (%s) on %s",
        str(report.get("blocked-uri", ""))[:200],
        str(report.get("violated-directive", ""))[:100],
        str(report.get("document-uri", ""))[:200],
    )
    return HttpResponse(status=204)


def bad_request(request, exception=None):
    """Django's 400, except a body too big to read, which is the 413 page with the limit of the form it was sent to.

    `RequestSizeMiddleware` refuses most oversized bodies from their Content-Length; this catches the
    rest (a body without one, a multipart form whose text alone is too big) when Django reads it.
    """
    if isinstance(exception, RequestDataTooBig):
        try:
            view = resolve(request.path_info).func
        except Http404:
            view = None
        return too_large(request, limit_for(request, view))
    return render(request, "400.html", status=400)


def request_too_large(request):
    """nginx's answer to a body over client_max_body_size (error_page 413): the site's 413 page, not nginx's."""
    return too_large(request, BodyLimit(upload_max_bytes))


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
        raise Http404(gettext("There is no outbox on this site."))
    return render(request, "home/outbox.html", {"messages_sent": _outbox_messages()})
