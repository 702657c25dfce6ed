"""The commissions' own pages beside their Wagtail pages: figures, submissions, queues and amendments.

The commission pages themselves are Wagtail pages under /commissions/
(`commissions.models.pages`); "submit", "queue", "figures" and "documents" are
reserved below them.
"""

from django.urls import path

from commissions.views import amendments, dialogue, figures, forums, queues, submissions

app_name = "commissions"

urlpatterns = [
    path("commissions/figures.csv", figures.figures_csv, name="figures_csv"),
    path("commissions/<slug:slug>/figures.csv", figures.commission_figures_csv, name="commission_figures_csv"),
    path("commissions/<slug:slug>/submit/", submissions.create, name="submit"),
    path("commissions/<slug:slug>/queue/", queues.commission_queue, name="commission_queue"),
    path("commissions/<slug:slug>/documents/<int:pk>/", amendments.document, name="document"),
    path("amendments/", amendments.amendment_inbox, name="amendment_inbox"),
    path("amendments/<int:pk>/decide/", amendments.decide_amendment, name="decide_amendment"),
    path("regions/<slug:slug>/queue/", queues.region_queue, name="region_queue"),
    path("units/<slug:slug>/submissions/", queues.unit_submissions, name="unit_submissions"),
    path("submissions/", queues.mine, name="my_submissions"),
    path("submissions/queues/", queues.my_queues, name="queues"),
    path("submissions/<str:reference>/", submissions.detail, name="submission"),
    path("submissions/<str:reference>/attachment/", submissions.attachment, name="attachment"),
    path("submissions/<str:reference>/status/", submissions.change_status, name="status"),
    path("submissions/<str:reference>/assign/", submissions.assign, name="assign"),
    path("submissions/<str:reference>/reply/", submissions.reply, name="reply"),
    path("submissions/<str:reference>/follow/", submissions.follow, name="follow"),
    # Local policy forums and coordinators' events (their actions share the /forums/<pk>/ addresses).
    path("forums/", forums.forum_list, name="forums"),
    path("forums/new/", forums.organise, name="organise_forum"),
    path("forums/<int:pk>/", forums.detail, name="forum"),
    path("forums/<int:pk>/edit/", forums.edit, name="forum_edit"),
    path("forums/<int:pk>/cancel/", forums.cancel_forum, name="forum_cancel"),
    path("forums/<int:pk>/register/", forums.register, name="forum_register"),
    path("forums/<int:pk>/unregister/", forums.cancel_registration, name="forum_unregister"),
    path("forums/<int:pk>/join/", forums.guest_register, name="forum_guest_register"),
    path("forums/<int:pk>/forum.ics", forums.forum_ics, name="forum_ics"),
    path("forums/<int:pk>/register-list/", forums.manage, name="forum_manage"),
    path("forums/<int:pk>/attendance/", forums.record_attendance, name="forum_attendance"),
    path("forums/<int:pk>/message/", forums.message_registrants, name="forum_message"),
    path("forums/<int:pk>/report/", forums.file_report, name="forum_report"),
    path("forums/places/<str:token>/confirm/", forums.guest_confirm, name="guest_confirm"),
    path("forums/places/<str:token>/cancel/", forums.guest_cancel, name="guest_cancel"),
    path("forums/places/<str:token>/stop/", forums.guest_stop, name="guest_stop"),
    path("units/<slug:slug>/forums.ics", forums.unit_calendar, name="unit_forum_calendar"),
    path("units/<slug:slug>/forums/feed/", forums.ForumFeed(), name="unit_forum_feed"),
    path("constituencies/<slug:slug>/forums.ics", forums.constituency_calendar, name="constituency_forum_calendar"),
    path("constituencies/<slug:slug>/forums/feed/", forums.ConstituencyForumFeed(), name="constituency_forum_feed"),
    path("regions/<slug:slug>/forums.ics", forums.region_calendar, name="region_forum_calendar"),
    path("regions/<slug:slug>/forums/feed/", forums.RegionForumFeed(), name="region_forum_feed"),
    path("coordinators/events/", forums.coordinator_events, name="coordinator_events"),
    path("coordinators/events/new/", forums.organise, name="schedule_coordinator_event"),
    path("coordinators/events/<int:pk>/", forums.detail, name="coordinator_event"),
    # Dialogue sessions between a commission and the units that made submissions.
    path("commissions/<slug:slug>/dialogue/", dialogue.commission_sessions, name="dialogue_sessions"),
    path("commissions/<slug:slug>/dialogue/new/", dialogue.schedule, name="schedule_dialogue_session"),
    path("dialogue/<int:pk>/", dialogue.session_detail, name="dialogue_session"),
    path("dialogue/<int:pk>/invitations/<int:invitation_id>/", dialogue.respond, name="dialogue_respond"),
    path("dialogue/<int:pk>/note/", dialogue.publish_note, name="dialogue_note"),
    path("dialogue/<int:pk>/session.ics", dialogue.session_ics, name="dialogue_ics"),
]
