"""Demo content for who is who: regions, commissions and their members, networks, party units, users, from the 2005 PiP briefing.

Runs after the home demo (which makes the site's home page) and before every other app's.

Idempotent: every object is found by a natural key and only created when missing,
so `make demo` can run again without losing what people did in the demo.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

from networks.actions import sync_editor_access
from networks.demo_articles import article_body
from networks.management.commands.load_postcode_districts import load_table
from networks.models import (
    CommissionMembership,
    Constituency,
    Coordinator,
    MembershipRecord,
    NetworkArticlePage,
    NetworkIndexPage,
    NetworkMembership,
    NetworkPage,
    PartyUnit,
    PolicyCommission,
    Profile,
    Region,
    UnitMembership,
)

DEMO_PASSWORD = "pip-demo-2026"
Seat = CommissionMembership.Seat

# The eleven regional offices, as listed in the briefing.
REGIONS = [
    ("East Midlands", "0115 943 1777", "0115 943 1888", "eastmidlands@new.labour.org.uk"),
    ("Eastern", "01473 228700", "01473 228710", "eastern@new.labour.org.uk"),
    ("Greater London", "0845 850 0588", "", "london@new.labour.org.uk"),
    ("North", "0191 296 6012", "0191 257 0011", "north@new.labour.org.uk"),
    ("North West", "01925 574913", "01925 234655", "northwest@new.labour.org.uk"),
    ("Scotland", "0141 572 6900", "0141 572 2566", "scotland@new.labour.org.uk"),
    ("South East", "0118 959 5326", "0118 959 5962", "southeast@new.labour.org.uk"),
    ("South West", "0117 942 1900", "0117 924 6799", "southwest@new.labour.org.uk"),
    ("Wales", "029 2087 7700", "029 2022 1153", "wales@new.labour.org.uk"),
    ("West Midlands", "0121 569 1900", "0121 569 1936", "westmidlands@new.labour.org.uk"),
    ("Yorkshire and the Humber", "01924 291221", "01924 290098", "yorkshire@new.labour.org.uk"),
]

# The six policy commissions of the briefing, with the three-letter codes used in references.
COMMISSIONS = [
    ("Britain in the World", "BIW", "Foreign affairs, defence, international development and Europe."),
    ("Creating Sustainable Communities", "CSC", "Housing, transport, the environment, local government and regeneration."),
    ("Crime, Justice, Citizenship and Equalities", "CJC", "Policing, justice, immigration, citizenship and equality."),
    ("Education and Skills", "EDU", "Schools, early years, further and higher education and skills."),
    ("Health", "HEA", "The NHS, public health and social care."),
    ("Prosperity and Work", "PAW", "The economy, employment, pensions, welfare and industry."),
]

# The four national policy networks named in the briefing.
NETWORKS = [
    {
        "slug": "school-governors-and-education",
        "title": "Labour School Governors and Education Network",
        "visibility": NetworkPage.Visibility.MEMBERS_ONLY,
        "summary": "For Labour school governors and members interested in education: share what works in "
        "governing bodies and feed practical experience into the Education and Skills policy commission.",
        "body": "<p>Governors see education policy land in real classrooms. This network brings together "
        "school governors, teachers, parents and members who care about schools so that what they learn "
        "reaches the people drawing up party policy.</p><p>Because governors discuss individual schools, "
        "this network's pages and discussions are open to its members only.</p>",
        "quote": ("A governing body that knows its community is the best early warning system policy makers have.", "A primary school chair of governors, North West"),
        "articles": [
            ("Getting started as a governor", "resource", "What a new governor needs to know in their first term."),
            ("Consulting parents on the Education and Skills work programme", "article", "How one CLP ran a local policy forum at the school gate."),
        ],
    },
    {
        "slug": "health",
        "title": "Health Network",
        "visibility": NetworkPage.Visibility.PUBLIC,
        "summary": "Members interested in health and the NHS: patients, staff, carers and campaigners "
        "talking with the Health policy commission and health ministers.",
        "body": "<p>The Health Network is where members who work in or care about the NHS trade knowledge, "
        "discuss solutions to problems in their area and engage directly with the Health policy commission, "
        "ministers and other opinion formers.</p><p>Join to take part in threaded discussions, live web chats "
        "with ministers, and to follow what happens to your local party's health submissions.</p>",
        "quote": ("Our party is rich with practitioners, experts and people who are passionate about a policy area.", "Partnership in Power briefing"),
        "articles": [
            ("Running a local policy forum on health", "resource", "A step-by-step guide for CLPs and branches."),
            ("What the Health policy commission asked this year", "article", "A summary of the topical issues in this year's work programme."),
        ],
    },
    {
        "slug": "safer-communities",
        "title": "Safer Communities Network",
        "visibility": NetworkPage.Visibility.PUBLIC,
        # The one demo network that holds newcomers' first posts for its moderators (off elsewhere).
        "hold_first_posts": True,
        "summary": "For members with an interest in issues around safer communities: policing, "
        "anti-social behaviour, youth services and community cohesion.",
        "body": "<p>Councillors, neighbourhood watch coordinators, police staff and residents all have a view "
        "on what makes a community safe. This network connects them with the Crime, Justice, Citizenship and "
        "Equalities policy commission.</p>",
        "quote": ("Safety is built street by street, with residents, not for them.", "A community safety councillor, West Midlands"),
        "articles": [
            ("Talking to residents about anti-social behaviour", "resource", "Questions that open up a useful conversation."),
        ],
    },
    {
        "slug": "sports",
        "title": "Sports Network",
        "visibility": NetworkPage.Visibility.PUBLIC,
        "summary": "For members involved in sport: grassroots clubs, coaches, volunteers and fans, "
        "on participation, facilities and school sport.",
        "body": "<p>Sport is run by volunteers in every constituency. The Sports Network shares their experience "
        "of facilities, school sport and participation with the policy commissions and ministers.</p>",
        "quote": ("Every club secretary is a community organiser.", "A county football association volunteer, Yorkshire and the Humber"),
        "articles": [
            ("Making the case for local sports facilities", "article", "Evidence members have gathered on what facilities are used, and by whom."),
        ],
    },
]

# One demo user per role. (email, display name, region, what they are)
USERS = [
    ("member@example.org", "Aisha Member", "North West", "member"),
    ("visitor@example.org", "Victor Visitor", "Wales", "non-member"),
    ("pending@example.org", "Priya Pending", "Greater London", "pending"),
    ("moderator@example.org", "Morgan Moderator", "Yorkshire and the Humber", "moderator"),
    ("editor@example.org", "Eddie Editor", "East Midlands", "editor"),
    ("host@example.org", "Rt Hon Helen Host MP", "Scotland", "host"),
    ("commission@example.org", "Cllr Colin Commission", "South West", "commission"),
    ("staff@example.org", "Sam Staff", "Greater London", "staff"),
    ("lapsed@example.org", "Larry Lapsed", "North West", "lapsed"),
]


def load(stdout) -> None:
    regions = _regions()
    commissions = _commissions()
    index = _network_index(Site.objects.get(is_default_site=True).root_page)
    networks = {spec["slug"]: _network(index, spec) for spec in NETWORKS}
    users = {email: _user(email, name, regions[region], kind) for email, name, region, kind in USERS}
    _roles(users, networks, commissions)
    party = _party(regions, commissions)
    districts, _removed = load_table()
    stdout.write(
        f"networks: {len(regions)} regions, {len(commissions)} commissions, {len(networks)} networks, "
        f"{len(users)} demo users, {party}, {districts} new post-code districts"
    )


def _regions() -> dict[str, Region]:
    from django.utils.text import slugify

    found = {}
    for name, phone, fax, email in REGIONS:
        region, _ = Region.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "phone": phone, "fax": fax, "email": email}
        )
        found[name] = region
    return found


def _commissions() -> dict[str, PolicyCommission]:
    from django.utils.text import slugify

    found = {}
    for name, code, remit in COMMISSIONS:
        commission, _ = PolicyCommission.objects.get_or_create(
            code=code, defaults={"name": name, "slug": slugify(name), "remit": remit}
        )
        found[code] = commission
    return found


def _network_index(home: Page) -> NetworkIndexPage:
    index = NetworkIndexPage.objects.first()
    if index:
        return index
    index = NetworkIndexPage(
        title="Policy networks",
        slug="networks",
        intro="Members with a shared interest in a policy area join together to trade knowledge, discuss "
        "solutions and engage directly with policy commissions, ministers and other opinion formers.",
    )
    home.add_child(instance=index)
    return index


def _network(index: NetworkIndexPage, spec: dict) -> NetworkPage:

    network = NetworkPage.objects.filter(slug=spec["slug"], locale=Locale.get_default()).first()
    if network is not None:
        _articles(network, spec)
        if spec.get("hold_first_posts") and not network.hold_first_posts:
            network.hold_first_posts = True
            network.save_revision().publish()
        return network
    network = NetworkPage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"], visibility=spec["visibility"],
        hold_first_posts=spec.get("hold_first_posts", False),
    )
    index.add_child(instance=network)
    articles = _articles(network, spec)
    quote_text, attribution = spec["quote"]
    guide = next((a for a in articles if a.kind == NetworkArticlePage.Kind.RESOURCE), articles[0])
    network.body = [
        ("rich_text", RichText(spec["body"])),
        ("quote", {"quote": quote_text, "attribution": attribution}),
        (
            "call_to_action",
            {
                "heading": "Run a local policy forum",
                "text": "Local policy forums are open to all members and, in some cases, the wider community. "
                "Our guide shows how to run one and send its view to the policy commission.",
                "button_label": guide.title,
                "page": guide,
                "url": "",
            },
        ),
        (
            "link_list",
            {
                "heading": "Find out more",
                "links": [{"title": a.title, "page": a, "url": ""} for a in articles]
                + [{"title": "All policy networks", "page": index, "url": ""}],
            },
        ),
    ]
    network.save_revision().publish()
    return network


STUB_MARK = "wrote this from their own experience"
"""The sentence every article of an earlier demo had in place of a body: such an article is rewritten."""


def _articles(network: NetworkPage, spec: dict) -> list[NetworkArticlePage]:
    """The network's curated articles, written in full (networks.demo_articles), created when missing;
    an article an earlier demo left as a one-line stub gets its full text as a new published revision."""
    articles = []
    for title, kind, summary in spec["articles"]:
        article = NetworkArticlePage.objects.child_of(network).filter(slug=slugify(title)).first()
        if article is None:
            article = NetworkArticlePage(title=title, slug=slugify(title), kind=kind, summary=summary,
                                         body=article_body(spec["slug"], title))
            network.add_child(instance=article)
            article.save_revision().publish()
        elif STUB_MARK in str(article.body.raw_data):
            article.body = article_body(spec["slug"], title)
            article.save_revision().publish()
        articles.append(article)
    return articles


def _user(email: str, name: str, region: Region, kind: str):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email.split("@")[0], email=email, password=DEMO_PASSWORD)
    if kind == "staff" and not user.is_superuser:
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    Profile.objects.get_or_create(user=user, defaults={"display_name": name, "region": region})
    return user


def _roles(users: dict, networks: dict, commissions: dict) -> None:
    Role, Status = NetworkMembership.Role, NetworkMembership.Status
    plan = [
        ("member@example.org", "health", Role.MEMBER, Status.ACTIVE),
        ("member@example.org", "school-governors-and-education", Role.MEMBER, Status.ACTIVE),
        ("pending@example.org", "school-governors-and-education", Role.MEMBER, Status.PENDING),
        ("moderator@example.org", "health", Role.MODERATOR, Status.ACTIVE),
        ("moderator@example.org", "school-governors-and-education", Role.MODERATOR, Status.ACTIVE),
        ("editor@example.org", "health", Role.EDITOR, Status.ACTIVE),
        ("host@example.org", "health", Role.HOST, Status.ACTIVE),
        ("lapsed@example.org", "school-governors-and-education", Role.MEMBER, Status.ACTIVE),
    ]
    for email, slug, role, status in plan:
        membership, created = NetworkMembership.objects.get_or_create(
            user=users[email], network=networks[slug], defaults={"role": role, "status": status}
        )
        if created:
            sync_editor_access(users[email], networks[slug])
    CommissionMembership.objects.get_or_create(
        commission=commissions["HEA"], user=users["commission@example.org"], defaults={"seat": CommissionMembership.Seat.NPF}
    )


# Party units, constituencies, coordinators and the people in them ---------------------

# Constituencies as data: a handful per region, enough to show coverage gaps.
CONSTITUENCIES = {
    "East Midlands": ["Nottingham East", "Derby South", "Leicester West", "Mansfield"],
    "Eastern": ["Ipswich", "Norwich South", "Luton North", "Stevenage"],
    "Greater London": ["Hackney North and Stoke Newington", "Tottenham", "Lewisham Deptford", "Ealing North"],
    "North": ["Newcastle upon Tyne Central", "Sunderland Central", "Durham North", "Middlesbrough"],
    "North West": ["Warrington North", "Manchester Gorton", "Liverpool Walton", "Bolton South East"],
    "Scotland": ["Glasgow North East", "Edinburgh South", "Dundee West", "Kirkcaldy"],
    "South East": ["Reading West", "Southampton Test", "Brighton Kemptown", "Slough"],
    "South West": ["Bristol South", "Plymouth Sutton", "Exeter", "Swindon North"],
    "Wales": ["Cardiff West", "Swansea East", "Newport East", "Wrexham"],
    "West Midlands": ["Birmingham Erdington", "Wolverhampton South East", "Coventry North East", "Stoke-on-Trent Central"],
    "Yorkshire and the Humber": ["Leeds Central", "Sheffield Brightside", "Hull East", "Bradford South"],
}

# Affiliates and societies, each homed in a region for routing.
AFFILIATES = [
    ("UNISON Greater London Region", PartyUnit.Kind.UNION, "Greater London"),
    ("GMB Northern Region", PartyUnit.Kind.UNION, "North"),
    ("Communication Workers Union Wales", PartyUnit.Kind.UNION, "Wales"),
    ("Socialist Health Association", PartyUnit.Kind.SOCIETY, "Greater London"),
    ("Labour Housing Group", PartyUnit.Kind.SOCIETY, "West Midlands"),
    ("Fabian Society, Yorkshire", PartyUnit.Kind.SOCIETY, "Yorkshire and the Humber"),
]

# Invented people: the demo never puts words in a real politician's mouth.
COMMISSION_MEMBERS = {
    "BIW": [("Rt Hon Margaret Ainsworth MP", Seat.CHAIR), ("Ian Pearce MP", Seat.GOVERNMENT), ("Cllr Joan Redfern", Seat.NEC), ("Tomasz Walczak", Seat.NPF)],
    "CSC": [("Cllr Ruth Kendal", Seat.CHAIR), ("Yvette Prescott MP", Seat.GOVERNMENT), ("Annie Blackwood", Seat.NEC), ("Peter Wilmslow", Seat.NPF)],
    "CJC": [("Baroness Helena Strachan", Seat.CHAIR), ("Hazel Brereton MP", Seat.GOVERNMENT), ("Mohammed Azam", Seat.NEC), ("Cllr Sarah Okoro", Seat.NPF)],
    "EDU": [("Alan Jessop MP", Seat.CHAIR), ("Jacqui Knight MP", Seat.GOVERNMENT), ("Christine Shawford", Seat.NEC), ("Gurinder Sandhu", Seat.NPF)],
    "HEA": [("Rt Hon Patricia Hale MP", Seat.CHAIR), ("Rosie Wainwright MP", Seat.GOVERNMENT), ("Dianne Hartley", Seat.NEC)],
    "PAW": [("Ed Barlow MP", Seat.CHAIR), ("Stephen Tinsley MP", Seat.GOVERNMENT), ("Mary Turner", Seat.NEC), ("Cllr Ellie Reddington", Seat.NPF)],
}


def commission_member_email(code: str, index: int) -> str:
    """The demo address of a commission's `index`-th member (0 is the chair), e.g. hea.1@example.org."""
    return f"{code.lower()}.{index + 1}@example.org"


def officer_email(unit: PartyUnit) -> str:
    """The demo address of a party unit's secretary."""
    return f"secretary.{unit.slug}@example.org"


def _party(regions: dict, commissions: dict) -> str:
    constituencies = _constituencies(regions)
    units = _units(regions, constituencies)
    _people(regions, commissions, units)
    listed = _membership_list(units)
    two_factor_for_staff()
    coordinators = _coordinators(units, constituencies)
    return (
        f"{len(units)} party units, {len(constituencies)} constituencies, {coordinators} coordinators, "
        f"{listed} members on the membership list"
    )


def _party_user(email: str, name: str, region: Region | None = None):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(username=email.split("@")[0], email=email, password=DEMO_PASSWORD)
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        Profile.objects.get_or_create(user=user, defaults={"display_name": name, "region": region})
    return user


def _constituencies(regions: dict) -> dict[str, Constituency]:
    found = {}
    for region_name, names in CONSTITUENCIES.items():
        for name in names:
            found[name], _ = Constituency.objects.get_or_create(
                slug=slugify(name), defaults={"name": name, "region": regions[region_name]}
            )
    return found


def _units(regions: dict, constituencies: dict) -> dict[str, PartyUnit]:
    found = {}
    for name, constituency in constituencies.items():
        unit, _ = PartyUnit.objects.get_or_create(
            slug=slugify(f"{name} CLP"),
            defaults={"name": f"{name} CLP", "kind": PartyUnit.Kind.CLP, "region": constituency.region, "constituency": constituency},
        )
        found[unit.name] = unit
    for name in ("Manchester Gorton", "Leeds Central", "Cardiff West", "Bristol South"):
        constituency = constituencies[name]
        unit, _ = PartyUnit.objects.get_or_create(
            slug=slugify(f"{name} central branch"),
            defaults={"name": f"{name} Central Branch", "kind": PartyUnit.Kind.BRANCH, "region": constituency.region, "constituency": constituency},
        )
        found[unit.name] = unit
    for name, kind, region_name in AFFILIATES:
        unit, _ = PartyUnit.objects.get_or_create(slug=slugify(name), defaults={"name": name, "kind": kind, "region": regions[region_name]})
        found[unit.name] = unit
    return found


def _people(regions: dict, commissions: dict, units: dict) -> None:
    """Commission members with seats, unit officers, regional staff and NPF representatives."""
    User = get_user_model()
    for code, members in COMMISSION_MEMBERS.items():
        for index, (name, seat) in enumerate(members):
            user = _party_user(commission_member_email(code, index), name)
            CommissionMembership.objects.get_or_create(commission=commissions[code], user=user, defaults={"seat": seat})

    member = User.objects.filter(email="member@example.org").first()
    if member:
        UnitMembership.objects.update_or_create(
            unit=units["Warrington North CLP"], user=member, defaults={"position": "Policy officer", "is_officer": True}
        )
        UnitMembership.objects.get_or_create(unit=units["Socialist Health Association"], user=member, defaults={"position": "Member"})
    for unit in units.values():
        officer = _party_user(officer_email(unit), f"Secretary, {unit.name}", unit.region)
        UnitMembership.objects.update_or_create(unit=unit, user=officer, defaults={"position": "Secretary", "is_officer": True})

    north_west = regions["North West"]
    office = _party_user("northwest.office@example.org", "Nadia North West Office", north_west)
    north_west.staff.add(office)
    for region in regions.values():
        rep = _party_user(f"npf.{region.slug}@example.org", f"NPF representative, {region.name}", region)
        region.npf_representatives.add(rep)


def _coordinators(units: dict, constituencies: dict) -> int:
    plan = [
        ("Warrington North", "Jo Halliwell", "12 Orford Lane\nWarrington", "WA2 7AA", "07700 900111"),
        ("Leeds Central", "Imran Qureshi", "4 Park Square\nLeeds", "LS1 2NE", "07700 900222"),
        ("Cardiff West", "Bethan Morgan", "27 Cowbridge Road East\nCardiff", "CF11 9AD", "07700 900333"),
        ("Bristol South", "Grace Adebayo", "8 North Street\nBristol", "BS3 1HT", "07700 900444"),
        ("Ipswich", "Tom Barker", "3 Princes Street\nIpswich", "IP1 1PH", "07700 900555"),
    ]
    for name, full_name, address, postcode, mobile in plan:
        constituency = constituencies[name]
        email = f"{slugify(full_name)}@example.org"
        # Coordinators sign in too: they register for briefings and receive their region's bulletins.
        user = _party_user(email, full_name, constituency.region)
        coordinator, _ = Coordinator.objects.get_or_create(
            email=email,
            constituency=constituency,
            defaults={
                "full_name": full_name, "address": address, "postcode": postcode, "unit": units[f"{name} CLP"],
                "position": "Policy officer", "mobile_phone": mobile.replace(" ", ""), "region": constituency.region,
                "user": user,
            },
        )
        if coordinator.user_id is None:
            Coordinator.objects.filter(pk=coordinator.pk).update(user=user)
        UnitMembership.objects.get_or_create(unit=units[f"{name} CLP"], user=user, defaults={"position": "Policy officer"})
    return Coordinator.objects.count()


# The party's membership list -------------------------------------------------------

# (email, membership number, first name, surname, post code, CLP, branch, status): the demo's
# rows of the membership list. Verified demo users are linked to theirs; Victor's row is on the
# list but not linked, so a tester can verify as him (README.md); Larry's membership lapsed.
MEMBERSHIP_LIST = [
    ("member@example.org", "L1000001", "Aisha", "Member", "WA2 7NE", "Warrington North CLP", "", "current"),
    ("pending@example.org", "L1000003", "Priya", "Pending", "N16 0AS", "Hackney North and Stoke Newington CLP", "", "current"),
    ("moderator@example.org", "L1000004", "Morgan", "Moderator", "LS1 5AA", "Leeds Central CLP", "Leeds Central Central Branch", "current"),
    ("editor@example.org", "L1000005", "Eddie", "Editor", "NG3 1AA", "Nottingham East CLP", "", "current"),
    ("host@example.org", "L1000006", "Helen", "Host", "EH10 4AA", "Edinburgh South CLP", "", "current"),
    ("visitor@example.org", "L2000002", "Victor", "Visitor", "CF5 1AA", "Cardiff West CLP", "Cardiff West Central Branch", "current"),
    ("lapsed@example.org", "L1000009", "Larry", "Lapsed", "WA5 1AB", "Warrington North CLP", "", "lapsed"),
]
UNLINKED = {"visitor@example.org"}


def verify_demo_member(user, membership_number: str, last_name: str, postcode: str, clp: PartyUnit | None = None) -> None:
    """Put a demo user on the membership list, verified (idempotent; other apps' demos use it for their people)."""
    record, _ = MembershipRecord.objects.get_or_create(
        membership_number=membership_number,
        defaults={"first_name": "", "last_name": last_name, "postcode": postcode, "email": user.email, "clp": clp},
    )
    if record.user_id is None and not MembershipRecord.objects.filter(user=user).exists():
        record.user = user
        record.verified_at = record.verified_at or user.date_joined
        record.save(update_fields=["user", "verified_at", "updated_at"])


def _membership_list(units: dict) -> int:
    from django.utils import timezone

    from networks.actions.verification import sync_listed_units

    User = get_user_model()
    for email, number, first, last, postcode, clp, branch, status in MEMBERSHIP_LIST:
        record, created = MembershipRecord.objects.get_or_create(
            membership_number=number,
            defaults={
                "first_name": first,
                "last_name": last,
                "postcode": postcode,
                "email": email,
                "clp": units.get(clp),
                "branch": units.get(branch),
                "status": status,
            },
        )
        user = User.objects.filter(email=email).first()
        if created and user is not None and email not in UNLINKED:
            record.user = user
            record.verified_at = timezone.now()
            record.lapse_noticed_at = timezone.now() if status != MembershipRecord.Status.CURRENT else None
            record.save()
            sync_listed_units(record)
    # Unit secretaries and NPF representatives speak for their units: verified members too.
    speakers = User.objects.filter(Q(email__startswith="secretary.") | Q(email__startswith="npf.")).order_by("email")
    for number, user in enumerate(speakers, start=3000001):
        verify_demo_member(user, f"L{number}", user.email.split("@")[0].split(".")[-1].title(), "SW1A 0AA")
    return MembershipRecord.objects.count()


# Two-factor authentication ------------------------------------------------------------

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
"""The demo's staff and regional office share this authenticator secret (README.md): add it to any
authenticator app, or run `manage.py demo_totp_code` for the current code."""


def two_factor_for_staff() -> int:
    """Staff and the regional office must use two-factor: give them the documented demo authenticator."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    from networks.twofactor import must_use_two_factor

    enrolled = 0
    for user in get_user_model().objects.filter(email__in=["staff@example.org", "northwest.office@example.org"]):
        if must_use_two_factor(user) and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            enrolled += 1
    return enrolled
