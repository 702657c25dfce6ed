"""Builders for bulletins."""

from __future__ import annotations

from wagtail.rich_text import RichText

from bulletins.models import BulletinPage


def make_bulletin(network, *, title="June update", subject="Health Network: June update", publish=True, body=None, user=None):
    """A bulletin under `network`, published (a live revision) unless publish=False."""
    bulletin = BulletinPage(
        title=title,
        subject=subject,
        summary="What the Health policy commission asked this month, and the next live chat.",
        body=body
        or [
            (
                "rich_text",
                RichText(
                    '<h2>Local policy forums</h2><p>Thank you to the <b>twelve CLPs</b> who ran a forum. '
                    '<a href="/networks/health/">Read the reports</a> or '
                    '<a href="https://example.org/pip">the guide</a>.</p><ul><li>Waiting times</li><li>Social care</li></ul>'
                ),
            ),
            (
                "call_to_action",
                {"heading": "Have your say", "text": "Tell the commission.", "button_label": "Join the discussion",
                 "page": None, "url": "https://example.org/have-your-say"},
            ),
        ],
        live=False,
    )
    network.add_child(instance=bulletin)
    revision = bulletin.save_revision(user=user)
    if publish:
        revision.publish()
    bulletin.refresh_from_db()
    return bulletin
