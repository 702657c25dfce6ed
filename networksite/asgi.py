"""ASGI entry point: HTTP through Django, WebSockets through Channels.

HTTP requests run their synchronous code on a few long-lived threads, so database
connections are kept between requests (networksite.http_threads). WebSockets pass AllowedHostsOriginValidator (only pages served from an allowed
host may open a socket) and the session middleware; the chat consumer reads the
session's user itself, in the one database job of its connect, so that job can be
skipped for a client that has gone and counted against the queue limit
(chat.consumers). ServerSendMiddleware notes when the socket arrived and lets the
chat hub's broadcasts skip the session middleware's wrapper around `send`
(chat.fanout).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "networksite.settings.dev")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from channels.sessions import SessionMiddlewareStack  # noqa: E402
from django.conf import settings  # noqa: E402

from chat.fanout import ServerSendMiddleware  # noqa: E402
from chat.routing import websocket_urlpatterns  # noqa: E402
from networksite.http_threads import KeptThreads  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": KeptThreads(django_asgi_app, settings.HTTP_SYNC_THREADS),
        "websocket": AllowedHostsOriginValidator(
            ServerSendMiddleware(SessionMiddlewareStack(URLRouter(websocket_urlpatterns)))
        ),
    }
)
