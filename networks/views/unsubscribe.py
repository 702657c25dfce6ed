"""One-click unsubscribe from any email the site sends, without signing in (see `networks.unsubscribe`)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from networks import unsubscribe


@csrf_exempt
def unsubscribe_view(request, token: str):
    """GET confirms with a button; POST (the button, or a mail client's RFC 8058 one-click) unsubscribes.

    No login and no CSRF token: the signed token is the proof, and mail
    providers POST the one-click URL without cookies.
    """
    try:
        user, scope = unsubscribe.read_token(token)
    except unsubscribe.BadUnsubscribeLink as bad:
        return render(request, "networks/unsubscribe.html", {"error": str(bad), **_links()}, status=400)
    if request.method == "POST":
        stopped = unsubscribe.unsubscribe(user, scope)
        return render(request, "networks/unsubscribe_done.html", {"stopped": stopped, "email": user.email, **_links()})
    if request.method != "GET":
        return render(
            request, "networks/unsubscribe.html", {"error": "Please use the button on this page.", **_links()}, status=405
        )
    return render(
        request,
        "networks/unsubscribe.html",
        {"description": unsubscribe.describe(scope), "email": user.email, "token": token, **_links()},
    )


def _links() -> dict:
    return {"preferences_url": unsubscribe.preferences_url()}
