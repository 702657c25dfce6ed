"""Builders for who is who: users, networks and memberships, commissions and seats, regions and units.

Plain functions: each makes one realistic thing and returns it.
"""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.text import slugify

from networks.actions import sync_editor_access
from networks.models import (
    CommissionMembership,
    Constituency,
    Coordinator,
    MembershipRecord,
    NetworkMembership,
    NetworkPage,
    PartyUnit,
    PolicyCommission,
    Profile,
    Region,
    UnitMembership,
)
from tests.home.factories import site_tree

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def make_user(
    email: str | None = None,
    *,
    name: str | None = None,
    staff: bool = False,
    region: Region | None = None,
    verified: bool = True,
    two_factor: bool | None = None,
):
    """A signed-up member; `verified` (the default) links them to a current record of the membership list.

    Most tests are about something else than verification, so their members are
    verified party members as before verification existed; tests about it pass
    `verified=False` (or use `make_membership_record`).
    """
    n = next(_seq)
    email = email or f"member{n}@example.org"
    user = get_user_model().objects.create_user(
        username=f"user{n}", email=email, password=PASSWORD, is_staff=staff, is_superuser=staff
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=name or f"Member {n}", region=region)
    if verified:
        make_membership_record(user=user, membership_number=f"F{n:07d}", last_name=f"Member{n}")
    if two_factor if two_factor is not None else staff:
        enrol_two_factor(user)
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def enrol_two_factor(user, secret: str = TOTP_SECRET):
    """Give the user an authenticator app (staff get one by default: their pages need it)."""
    from allauth.mfa.totp.internal.auth import TOTP

    return TOTP.activate(user, secret)


def totp_code(secret: str = TOTP_SECRET, *, periods_ago: int = 0) -> str:
    """The code the authenticator app shows now (or `periods_ago` 30-second periods ago)."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter - periods_ago))


def make_membership_record(
    *,
    user=None,
    membership_number: str = "L1234567",
    first_name: str = "Aisha",
    last_name: str = "Khan",
    postcode: str = "WA2 7NE",
    clp: PartyUnit | None = None,
    branch: PartyUnit | None = None,
    status: str = MembershipRecord.Status.CURRENT,
    expires_on=None,
) -> MembershipRecord:
    """A row of the party's membership list, linked to `user` (verified) when one is given."""
    return MembershipRecord.objects.create(
        membership_number=membership_number,
        first_name=first_name,
        last_name=last_name,
        postcode=postcode,
        email=getattr(user, "email", "") or "",
        clp=clp,
        branch=branch,
        status=status,
        expires_on=expires_on,
        user=user,
        verified_at=timezone.now() if user is not None else None,
    )


def make_network(title: str = "Health Network", *, slug: str | None = None, members_only: bool = False) -> NetworkPage:
    _, index = site_tree()
    network = NetworkPage(
        title=title,
        slug=slug or slugify(title),
        summary=f"Members interested in {title.lower()}.",
        visibility=NetworkPage.Visibility.MEMBERS_ONLY if members_only else NetworkPage.Visibility.PUBLIC,
    )
    index.add_child(instance=network)
    return network


def make_membership(user, network: NetworkPage, role: str = "member", *, pending: bool = False) -> NetworkMembership:
    membership = NetworkMembership.objects.create(
        user=user,
        network=network,
        role=role,
        status=NetworkMembership.Status.PENDING if pending else NetworkMembership.Status.ACTIVE,
    )
    sync_editor_access(user, network)
    return membership


def make_commission(name: str = "Health", code: str = "HEA") -> PolicyCommission:
    commission, _ = PolicyCommission.objects.get_or_create(code=code, defaults={"name": name, "slug": slugify(name)})
    return commission


def make_commission_member(commission: PolicyCommission | None = None, **user_kwargs):
    user = make_user(**user_kwargs)
    CommissionMembership.objects.create(commission=commission or make_commission(), user=user)
    return user


def make_region(name: str = "North West") -> Region:
    region, _ = Region.objects.get_or_create(slug=slugify(name), defaults={"name": name, "phone": "01925 574913"})
    return region


def make_unit(name: str = "Warrington North CLP", *, region: Region | None = None, kind: str = PartyUnit.Kind.CLP) -> PartyUnit:
    return PartyUnit.objects.create(name=name, slug=slugify(name), kind=kind, region=region or make_region())


def join_unit(user, unit: PartyUnit, position: str = "Secretary", *, officer: bool | None = None) -> UnitMembership:
    """A place in the unit; any position but "Member" is an office unless `officer` says otherwise."""
    is_officer = position.strip().lower() != "member" if officer is None else officer
    return UnitMembership.objects.create(user=user, unit=unit, position=position, is_officer=is_officer)


def make_constituency(name: str = "Warrington North", *, region: Region | None = None) -> Constituency:
    constituency, _ = Constituency.objects.get_or_create(
        slug=slugify(name), defaults={"name": name, "region": region or make_region()}
    )
    return constituency


def _constituency_clp(constituency: Constituency) -> PartyUnit:
    unit, _ = PartyUnit.objects.get_or_create(
        slug=slugify(f"{constituency.name} CLP"),
        defaults={"name": f"{constituency.name} CLP", "region": constituency.region, "constituency": constituency},
    )
    return unit


def make_coordinator(user, constituency: Constituency, unit: PartyUnit | None = None) -> Coordinator:
    """`user` as the PiP coordinator for `constituency`, signed up with their own details."""
    return Coordinator.objects.create(
        user=user, full_name=user.profile.display_name, address="1 High Street", postcode="WA2 7AA",
        unit=unit or _constituency_clp(constituency), position="Policy officer",
        constituency=constituency, region=constituency.region, email=user.email,
    )


ROLES = ["anonymous", "non_member", "pending", "member", "moderator", "editor", "host", "commission", "staff"]


def user_for_role(role: str, network, *, verified: bool = True):
    """A user who holds `role` in `network`: the rows of every permission table (see ROLES).

    `verified=False` gives the same role to an account that has not verified its party membership.
    """
    match role:
        case "anonymous":
            return AnonymousUser()
        case "non_member":
            return make_user(verified=verified)
        case "pending":
            user = make_user(verified=verified)
            make_membership(user, network, pending=True)
            return user
        case "member" | "moderator" | "editor" | "host":
            user = make_user(verified=verified)
            make_membership(user, network, role)
            return user
        case "commission":
            return make_commission_member(verified=verified)
        case "staff":
            return make_user(staff=True, verified=verified)
    raise ValueError(role)


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def make_document(network=None, *, title: str = "Governors' briefing pack", filename: str = "briefing.pdf", uploaded_by=None):
    """A Wagtail document in the network's collection (networks.media), or in the site's root collection."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from networks.media import network_collection

    collection = network_collection(network) if network is not None else Collection.get_first_root_node()
    return get_document_model().objects.create(
        title=title, file=ContentFile(PDF_BYTES, name=filename), collection=collection, uploaded_by_user=uploaded_by
    )


def make_image(network=None, *, title: str = "Forum in Leeds", filename: str = "forum.png", uploaded_by=None):
    """A Wagtail image in the network's collection (networks.media), or in the site's root collection."""
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file
    from wagtail.models import Collection

    from networks.media import network_collection

    collection = network_collection(network) if network is not None else Collection.get_first_root_node()
    return get_image_model().objects.create(
        title=title, file=get_test_image_file(filename=filename, size=(64, 48)), collection=collection,
        uploaded_by_user=uploaded_by,
    )
