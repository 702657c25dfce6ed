"""WebSocket routes for live chats."""

from django.urls import path

from chat.consumers import LiveChatConsumer

websocket_urlpatterns = [
    path("ws/chats/<int:chat_id>/", LiveChatConsumer.as_asgi()),
]
