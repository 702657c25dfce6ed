"""The commissions' own pages beside their Wagtail pages: figures, submissions, queues and amendments.

The commission pages themselves are Wagtail pages under /commissions/
(`commissions.models.pages`); "submit", "queue", "figures" and "documents" are
reserved below them.
"""

from django.urls import path

from commissions.views import amendments, figures, queues, submissions

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
]
