"""What bulletins hold about a member: their choices, and the record of what was sent to them.

The delivery records stay, so a bulletin's counts remain right, but lose the
address each was sent to.
"""

from __future__ import annotations

from typing import Any

from bulletins.models import BulletinDelivery, BulletinSubscription
from networks.member_data import ERASED, KEPT_FOR_THE_RECORD, identity_of


def export(user) -> dict[str, Any]:
    return {
        "bulletin_choices": [
            {
                "from": choice.network.title if choice.network_id else choice.commission.name,
                "receive": choice.receive,
                "changed_at": choice.changed_at.isoformat(),
            }
            for choice in BulletinSubscription.objects.filter(user=user).select_related("network", "commission")
        ],
        "bulletins_received": [
            {"bulletin": d.sending.bulletin.subject, "email": d.email, "status": d.status}
            for d in BulletinDelivery.objects.filter(user=user).select_related("sending__bulletin")
        ],
    }


def erase(user) -> None:
    BulletinDelivery.objects.filter(user=user).update(email="")
    identity_of(user).scrub_rows(BulletinDelivery.objects.all(), "error")
    BulletinSubscription.objects.filter(user=user).delete()


REFERENCES = {
    "bulletins.BulletinSending.requested_by": KEPT_FOR_THE_RECORD,
    "bulletins.BulletinDelivery.user": KEPT_FOR_THE_RECORD,
    "bulletins.BulletinSubscription.user": ERASED,
}
