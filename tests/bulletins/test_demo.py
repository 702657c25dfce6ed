"""The demo: every network has a sent bulletin in its archive, and loading twice changes nothing."""

from io import StringIO

from django.core import mail

from bulletins import demo as bulletin_demo
from bulletins.models import BulletinDelivery, BulletinPage, BulletinSending
from home import demo as home_demo
from networks import demo
from networks.models import NetworkPage


def test_every_network_has_a_sent_bulletin_and_a_second_load_adds_nothing(db):
    home_demo.load(StringIO())
    demo.load(StringIO())
    bulletin_demo.load(StringIO())
    counts = (BulletinPage.objects.count(), BulletinSending.objects.count(), BulletinDelivery.objects.count())
    emails = len(mail.outbox)

    demo.load(StringIO())
    bulletin_demo.load(StringIO())

    assert (BulletinPage.objects.count(), BulletinSending.objects.count(), BulletinDelivery.objects.count()) == counts
    assert len(mail.outbox) == emails
    for network in NetworkPage.objects.all():
        archive = BulletinPage.objects.archive_of(network)
        assert archive.exists(), network.title
        sending = archive.first().sending
        assert sending.finished_at is not None
        assert sending.counts()["sent"] == sending.expected_recipients > 0
