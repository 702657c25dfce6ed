"""Demo bulletins: one sent bulletin in every network's archive, and its delivery report.

Runs last in `load_demo`, after the networks, their members, chats and
threads exist, so the live blocks have something to show. Idempotent: a
bulletin is found by its slug, and one already sent is left alone (the send
action would refuse it anyway). Networks that have no members when their bulletin is first made get two
readers from the briefing's kinds of member, so each bulletin reaches someone.
Delivery runs at once (not on the task queue), so the demo outbox at /outbox/
shows the emails and each report is complete without a worker running.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Locale
from wagtail.rich_text import RichText

from bulletins import actions as bulletin_actions
from bulletins.models import BulletinPage
from bulletins.tasks import deliver_bulletin
from networks.models import NetworkMembership, NetworkPage, Profile

STAFF_EMAIL = "staff@example.org"
EDITOR_EMAIL = "editor@example.org"

# (network slug, page slug, subject, summary, opening paragraphs)
BULLETINS = [
    (
        "health",
        "june-bulletin",
        "Health Network: your local policy forums reach the Health commission",
        "What members told the Health policy commission this spring, the next live chat with a minister, "
        "and the discussions to join now.",
        "<h2>Your forums, heard</h2><p>Thank you to every CLP and branch that held a local policy forum on the "
        "NHS and social care. Their submissions are now with the <b>Health policy commission</b>, and you can "
        "follow what happens to each one on the site.</p><p>The commission wants to hear more on waiting times and "
        "on care for older people at home: bring what you see locally to the discussions below.</p>",
    ),
    (
        "school-governors-and-education",
        "governors-bulletin",
        "Governors' bulletin: the Education and Skills work programme",
        "The questions the Education and Skills policy commission is asking this year, and how governors "
        "can answer them from their own schools.",
        "<h2>What the commission is asking</h2><p>This year's work programme asks how schools can work more "
        "closely with their communities. Governors see this every term: tell the network what works on your "
        "governing body.</p><p>Because this is a members-only network, this bulletin is readable by its members only.</p>",
    ),
    (
        "safer-communities",
        "safer-communities-bulletin",
        "Safer Communities: residents, policing and anti-social behaviour",
        "Members' experience of working with neighbourhood policing teams, and the questions the Crime, Justice, "
        "Citizenship and Equalities commission wants answered.",
        "<h2>Street by street</h2><p>Councillors, neighbourhood watch coordinators and residents have been "
        "sharing what makes a community feel safe. The policy commission wants practical examples: "
        "what your area tried, and what changed.</p>",
    ),
    (
        "sports",
        "sports-bulletin",
        "Sports Network: local facilities and school sport",
        "Evidence members have gathered on which local sports facilities are used, and by whom, and how to add yours.",
        "<h2>Every club secretary is a community organiser</h2><p>Volunteers in every constituency keep grassroots "
        "sport going. Send the network what you know about your local pitches, pools and halls: who uses them, "
        "and what stops others.</p>",
    ),
]

# Readers for networks the demo gives no members: (email, display name, network slug)
READERS = [
    ("nadia.nolan@example.org", "Nadia Nolan", "safer-communities"),
    ("tom.price@example.org", "Cllr Tom Price", "safer-communities"),
    ("grace.ellis@example.org", "Grace Ellis", "sports"),
    ("owen.hughes@example.org", "Owen Hughes", "sports"),
]


def load(stdout) -> None:
    User = get_user_model()
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        stdout.write("bulletins: skipped (run networks.demo first: no staff user)")
        return
    networks = {network.slug: network for network in NetworkPage.objects.filter(locale=Locale.get_default())}
    for email, name, slug in READERS:
        network = networks.get(slug)
        if network is not None and not _has_bulletin(network) and not network.memberships.active().exists():
            _reader(email, name, network)
    editor = User.objects.filter(email=EDITOR_EMAIL).first()
    sent = 0
    for slug, page_slug, subject, summary, opening in BULLETINS:
        network = networks.get(slug)
        if network is None:
            continue
        author = editor if editor is not None and slug == "health" else staff
        bulletin = _bulletin(network, page_slug, subject, summary, opening, author)
        if not bulletin.is_sent:
            sending = bulletin_actions.send_bulletin(author, bulletin)
            deliver_bulletin.call(sending.pk)
            sent += 1
    sent += _commission_bulletin(staff)
    if editor is not None and "health" in networks:
        _draft(networks["health"], editor)
    sent += _coordinator_bulletins(staff)
    stdout.write(
        f"bulletins: {len(BULLETINS)} in the network archives, one from the Health commission and one to the "
        f"North West's PiP coordinators, {sent} sent now"
    )


def _coordinator_bulletins(staff) -> int:
    """The coordinators' lists (national, and one per region beneath it) and an update to the North West's."""
    from wagtail.models import Site

    from bulletins.models import CoordinatorBulletinsPage
    from bulletins.selectors import recipient_count
    from networks.models import Region

    national = CoordinatorBulletinsPage.objects.filter(region__isnull=True).first()
    if national is None:
        national = CoordinatorBulletinsPage(
            title="PiP coordinators: updates", slug="pip-coordinators",
            intro="Regular email updates to the Partnership in Power Coordinators Network, as the briefing promises.",
        )
        Site.objects.get(is_default_site=True).root_page.add_child(instance=national)
    for region in Region.objects.order_by("name"):
        if not CoordinatorBulletinsPage.objects.filter(region=region).exists():
            national.add_child(instance=CoordinatorBulletinsPage(
                title=f"PiP coordinators: {region.name}", slug=region.slug, region=region,
            ))
    north_west = CoordinatorBulletinsPage.objects.get(region__slug="north-west")
    bulletin = _bulletin(
        north_west,
        "forum-season",
        "North West coordinators: forum season and the national briefing",
        "Local policy forums across the region this term, what the Health commission said about Warrington "
        "North's, and the national briefing for coordinators.",
        "<h2>Forum season</h2><p>CLPs across the North West are holding local policy forums on this year's work "
        "programmes. Warrington North's forum on care closer to home has had its answer from the Health policy "
        "commission: every member who came has been told, and so have the residents who asked to hear.</p>"
        "<p>Find the forums near you on the site, and register for the national coordinators' briefing.</p>",
        staff,
        extra_blocks=[("call_to_action", {"heading": "Local policy forums", "text": "Find a forum in your constituency by post code.",
                                          "button_label": "Find a forum", "page": None, "url": "/forums/"})],
    )
    if bulletin.is_sent or recipient_count(bulletin.audience) == 0:
        return 0
    deliver_bulletin.call(bulletin_actions.send_bulletin(staff, bulletin).pk)
    return 1


def _commission_bulletin(staff) -> int:
    """A bulletin from the Health policy commission to its members and the units that sent it submissions."""
    from bulletins.selectors import recipient_count
    from commissions.models import CommissionPage

    page = CommissionPage.objects.filter(commission__code="HEA").select_related("commission").first()
    if page is None:
        return 0
    bulletin = _bulletin(
        page,
        "health-commission-bulletin",
        "Health policy commission: what your submissions told us",
        "The commission has read every submission on this year's work programme. Here is what it heard, "
        "and the consultation documents open now.",
        "<h2>Thank you for your submissions</h2><p>Party units across every region sent the commission their "
        "views on care closer to home and on waiting times. Each submission has been acknowledged, and you can "
        "follow its progress on the site.</p>",
        staff,
        extra_blocks=[("open_consultations", {"heading": "Consultations open now", "count": 3, "commission": page.commission})],
    )
    if bulletin.is_sent or recipient_count(bulletin.audience) == 0:
        return 0
    deliver_bulletin.call(bulletin_actions.send_bulletin(staff, bulletin).pk)
    return 1


def _draft(network: NetworkPage, editor) -> None:
    """The Health Network's next bulletin, which its editor has started but not sent: on his home page's to-do."""
    if BulletinPage.objects.child_of(network).filter(slug="july-bulletin").exists():
        return
    bulletin = BulletinPage(
        title="July bulletin",
        slug="july-bulletin",
        subject="Health Network: waiting times, and your forum reports",
        summary="The Health commission's consultation on waiting times closes soon: what members have said so far.",
        body=[
            ("rich_text", RichText(
                "<h2>Waiting times: last call</h2><p>The consultation on waiting times and patient choice closes at the "
                "end of the month. Thank you to the branches that have already sent forum reports; here is what they "
                "said, and how to add yours.</p>"
            )),
            ("latest_threads", {"heading": "Discussions to join", "count": 3}),
        ],
        live=False,
    )
    network.add_child(instance=bulletin)
    bulletin.save_revision(user=editor)


def _has_bulletin(network: NetworkPage) -> bool:
    return BulletinPage.objects.child_of(network).exists()


def _reader(email: str, name: str, network: NetworkPage) -> None:
    from networks.demo import DEMO_PASSWORD

    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email.split("@")[0], email=email, password=DEMO_PASSWORD)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    Profile.objects.get_or_create(user=user, defaults={"display_name": name})
    NetworkMembership.objects.get_or_create(user=user, network=network)


def _bulletin(parent, slug: str, subject: str, summary: str, opening: str, author, extra_blocks=None) -> BulletinPage:
    """The bulletin `slug` under a network or commission page, created and published when missing."""
    bulletin = BulletinPage.objects.child_of(parent).filter(slug=slug).first()
    if bulletin is not None:
        return bulletin
    bulletin = BulletinPage(
        title=subject,
        slug=slug,
        subject=subject,
        summary=summary,
        body=[("rich_text", RichText(opening))]
        + (
            extra_blocks
            or [
                ("upcoming_chats", {"heading": "Live chats coming up", "count": 3}),
                ("latest_threads", {"heading": "Discussions to join", "count": 3}),
            ]
        )
        + [
            (
                "call_to_action",
                {
                    "heading": "Run a local policy forum",
                    "text": "Local policy forums are open to all members and, in some cases, the wider community.",
                    "button_label": f"Go to {parent.title}",
                    "page": parent,
                    "url": "",
                },
            ),
        ],
        live=False,
    )
    parent.add_child(instance=bulletin)
    bulletin.save_revision(user=author).publish(user=author)
    bulletin.refresh_from_db()
    return bulletin
