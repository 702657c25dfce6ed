"""URLs for tracked submissions and amendments."""

from django.urls import path

from discussions import submission_views as views

app_name = "submissions"

urlpatterns = [
    path("commissions/<slug:slug>/submit/", views.create, name="create"),
    path("commissions/<slug:slug>/queue/", views.commission_queue, name="commission_queue"),
    path("commissions/<slug:slug>/documents/<int:pk>/", views.document, name="document"),
    path("amendments/", views.amendment_inbox, name="amendment_inbox"),
    path("amendments/<int:pk>/decide/", views.decide_amendment, name="decide_amendment"),
    path("regions/<slug:slug>/queue/", views.region_queue, name="region_queue"),
    path("units/<slug:slug>/submissions/", views.unit_submissions, name="unit"),
    path("submissions/", views.mine, name="mine"),
    path("submissions/queues/", views.my_queues, name="queues"),
    path("submissions/<str:reference>/", views.detail, name="detail"),
    path("submissions/<str:reference>/attachment/", views.attachment, name="attachment"),
    path("submissions/<str:reference>/status/", views.change_status, name="status"),
    path("submissions/<str:reference>/assign/", views.assign, name="assign"),
    path("submissions/<str:reference>/reply/", views.reply, name="reply"),
    path("submissions/<str:reference>/follow/", views.follow, name="follow"),
]
