"""WebSocket routes for live chats (filled in by the live chat consumer)."""

websocket_urlpatterns: list = []
