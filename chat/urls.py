from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("chats/<int:chat_id>/submit/", views.submit, name="submit"),
    path("chats/<int:chat_id>/act/", views.act, name="act"),
    path("chats/<int:chat_id>/remind/", views.remind, name="remind"),
    path("chats/<int:chat_id>/presenter/", views.presenter, name="presenter"),
    path("chats/<int:chat_id>/chat.ics", views.chat_ics, name="ics"),
    path("chats/<int:chat_id>/transcript.md", views.transcript_markdown, name="transcript_md"),
    path("chats/<int:chat_id>/transcript.csv", views.transcript_csv, name="transcript_csv"),
    path("networks/<slug:slug>/calendar.ics", views.network_calendar, name="network_calendar"),
]
