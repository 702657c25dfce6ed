"""The commissions' own pages beside their Wagtail pages: figures, submissions, queues and amendments.

The commission pages themselves are Wagtail pages under /commissions/
(`commissions.models.pages`); "submit", "queue", "figures" and "documents" are
reserved below them.
"""

from django.urls import path

from commissions.views import (
    amendments,
    backing,
    exports,
    figures,
    paper,
    queues,
    submissions,
    tools,
)

app_name = "commissions"

urlpatterns = [
    path("commissions/figures.csv", figures.figures_csv, name="figures_csv"),
    path("commissions/<slug:slug>/figures.csv", figures.commission_figures_csv, name="commission_figures_csv"),
    path("commissions/<slug:slug>/submit/", submissions.create, name="submit"),
    path("commissions/<slug:slug>/queue/", queues.commission_queue, name="commission_queue"),
    path("commissions/<slug:slug>/queue/export.<str:format>", exports.commission_queue_export, name="commission_queue_export"),
    path("commissions/<slug:slug>/themes/", tools.themes, name="themes"),
    path("commissions/<slug:slug>/documents/<int:pk>/", amendments.document, name="document"),
    path("commissions/<slug:slug>/documents/<int:pk>/paper/", paper.paper, name="paper"),
    path("commissions/<slug:slug>/documents/<int:pk>/paper.pdf", paper.paper_download, name="paper_pdf"),
    path("commissions/<slug:slug>/documents/<int:pk>/final/", paper.final, name="final_document"),
    path("commissions/<slug:slug>/documents/<int:pk>/composite/", paper.composite, name="composite"),
    path("commissions/<slug:slug>/documents/<int:pk>/amendments.<str:format>", exports.amendments_export, name="amendments_export"),
    path("amendments/", amendments.amendment_inbox, name="amendment_inbox"),
    path("amendments/<int:pk>/decide/", amendments.decide_amendment, name="decide_amendment"),
    path("amendments/<int:pk>/outcome/", paper.outcome, name="amendment_outcome"),
    path("amendments/<int:pk>/back/", backing.back_amendment, name="back_amendment"),
    path("amendments/backing/<int:pk>/withdraw/", backing.withdraw_amendment_backing, name="withdraw_amendment_backing"),
    path("regions/<slug:slug>/queue/", queues.region_queue, name="region_queue"),
    path("regions/<slug:slug>/queue/export.<str:format>", exports.region_queue_export, name="region_queue_export"),
    path("exports/<int:pk>/", exports.export_status, name="export"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
    path("units/<slug:slug>/submissions/", queues.unit_submissions, name="unit_submissions"),
    path("submissions/", queues.mine, name="my_submissions"),
    path("submissions/queues/", queues.my_queues, name="queues"),
    path("submissions/queues/filters/", tools.save_filter, name="save_filter"),
    path("submissions/queues/filters/<int:pk>/delete/", tools.delete_saved_filter, name="delete_saved_filter"),
    path("submissions/backing/", backing.open_submissions, name="open_for_backing_list"),
    path("submissions/backing/<int:pk>/withdraw/", backing.withdraw_backing, name="withdraw_backing"),
    path("submissions/<str:reference>/", submissions.detail, name="submission"),
    path("submissions/<str:reference>/attachment/", submissions.attachment, name="attachment"),
    path("submissions/<str:reference>/status/", submissions.change_status, name="status"),
    path("submissions/<str:reference>/assign/", submissions.assign, name="assign"),
    path("submissions/<str:reference>/reply/", submissions.reply, name="reply"),
    path("submissions/<str:reference>/follow/", submissions.follow, name="follow"),
    path("submissions/<str:reference>/notes/", tools.add_note, name="add_note"),
    path("submissions/<str:reference>/backing/", backing.open_for_backing, name="open_for_backing"),
    path("submissions/<str:reference>/back/", backing.back, name="back"),
]
