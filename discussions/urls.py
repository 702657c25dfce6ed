"""Discussion URLs. Network paths live under /networks/<slug>/threads/ ("threads" and
"moderation" are reserved child slugs); everything else under /discussions/."""

from django.urls import path

from discussions import feeds
from discussions.views import moderation, notifications, search, threads

app_name = "discussions"

urlpatterns = [
    # A network's discussions
    path("networks/<slug:slug>/threads/", threads.thread_list, name="thread_list"),
    path("networks/<slug:slug>/threads/new/", threads.new_thread, name="new_thread"),
    path("networks/<slug:slug>/threads/follow/", threads.follow_network, name="follow_network"),
    path("networks/<slug:slug>/threads/feed/rss/", feeds.NetworkThreadsFeed(), name="network_feed_rss"),
    path("networks/<slug:slug>/threads/feed/atom/", feeds.NetworkThreadsAtomFeed(), name="network_feed_atom"),
    path("networks/<slug:slug>/threads/<int:pk>/", threads.thread_detail, name="network_thread"),
    path("networks/<slug:slug>/moderation/", moderation.moderation_queue, name="moderation_queue"),
    path("networks/<slug:slug>/moderation/log/", moderation.moderation_log, name="moderation_log"),
    # Threads and posts, wherever they live
    path("discussions/threads/<int:pk>/", threads.thread_detail, name="thread"),
    path("discussions/threads/<int:pk>/reply/", threads.reply, name="reply"),
    path("discussions/threads/<int:pk>/unread/", threads.first_unread, name="first_unread"),
    path("discussions/threads/<int:pk>/follow/", threads.follow, name="follow"),
    path("discussions/threads/<int:pk>/moderate/", moderation.moderate_thread, name="moderate_thread"),
    path("discussions/posts/<int:pk>/", threads.post_permalink, name="post"),
    path("discussions/posts/<int:pk>/edit/", threads.edit_post, name="edit_post"),
    path("discussions/posts/<int:pk>/delete/", threads.delete_post, name="delete_post"),
    path("discussions/posts/<int:pk>/history/", threads.post_history, name="post_history"),
    path("discussions/posts/<int:pk>/report/", moderation.flag, name="flag"),
    path("discussions/posts/<int:pk>/hide/", moderation.hide, name="hide"),
    path("discussions/posts/<int:pk>/unhide/", moderation.unhide, name="unhide"),
    path("discussions/posts/<int:pk>/keep/", moderation.keep, name="keep"),
    path("discussions/posts/<int:pk>/ask-suspension/", moderation.ask_suspension, name="ask_suspension"),
    path("discussions/held/<int:pk>/", moderation.decide_held, name="decide_held"),
    path("discussions/tags/<slug:tag>/", threads.tag_list, name="tag"),
    path("discussions/tags/<slug:tag>/feed/rss/", feeds.TagThreadsFeed(), name="tag_feed_rss"),
    path("discussions/tags/<slug:tag>/feed/atom/", feeds.TagThreadsAtomFeed(), name="tag_feed_atom"),
    path("discussions/search/", search.search, name="search"),
    path("members/<str:username>/", threads.member, name="member"),
    path("discussions/mentions/", threads.mention_suggestions, name="mention_suggestions"),
    # Notifications and email
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.mark_notifications_read, name="mark_notifications_read"),
    path("notifications/<int:pk>/", notifications.open_notification, name="open_notification"),
    path("notifications/preferences/", notifications.email_preferences, name="email_preferences"),
]
