"""Who is who: the role lookups every rule is written with.

Each lookup is one query per user object, cached on it for the request (or
the socket), so asking many questions about many networks costs a handful of
queries, not one per question. Call `forget_roles(user)` after changing a
role within the same request.

The lookups in `REMEMBERED` are also kept across requests in Django's cache,
under the member's own `roles:<id>` version (`networks.scopes.roles`), which
every save or deletion of the rows they read bumps: a signed-in page then asks
the database about none of them. A lookup added here is kept per request only
until it is added to `REMEMBERED` with the models that bump it (networks.scopes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache

from networks import caching
from networks.models import (
    CommissionMembership,
    Coordinator,
    MembershipRecord,
    NetworkMembership,
    Region,
    UnitMembership,
)

Role = NetworkMembership.Role
PENDING = "pending"

MODERATING_ROLES: tuple[str, ...] = (Role.MODERATOR, Role.EDITOR)
"""The roles that moderate a network's discussions and approve requests to join it."""

_CACHE_KEYS = (
    "_network_states",
    "_commission_ids",
    "_unit_ids",
    "_officer_unit_ids",
    "_coordinator_places",
    "_staffed_region_ids",
    "_represented_region_ids",
    "_membership_record",
)

REMEMBERED = frozenset(_CACHE_KEYS) - {"_coordinator_places", "_membership_record"}
"""The lookups kept across requests: each reads only rows whose saves bump `roles:<user id>` (networks.scopes).
Coordinators and membership records are re-linked from one account to another by imports, so they
are read per request."""

_VERSION_KEY = "_roles_version"
_BUNDLE_KEY = "_roles_kept"


def _cached(user, key: str, read: Callable[[], object]):
    """`read()` once per user object (callers have checked that the user is signed in)."""
    cached = user.__dict__.get(key)
    if cached is None:
        cached = _remembered(user, key, read) if key in REMEMBERED else read()
        user.__dict__[key] = cached
    return cached


def _remembered(user, key: str, read: Callable[[], object]):
    """The lookup from the cache under the member's current roles version, or `read()` and keep it.

    The version is read before the rows, so a role changed while this runs leaves what was read
    under the version that change retired. A member's kept lookups are one entry (one cache read
    for all of them, where a file cache read each from its own file): a lookup read afresh is
    added to what this request found there and the whole written back. Two requests adding
    different lookups at once may each write without the other's; the one left out is read again
    next time, never wrongly, since everything in the entry was read under its version.
    """
    bundle = user.__dict__.get(_BUNDLE_KEY)
    if bundle is None:
        scope = caching.scope("roles", user.pk)  # networks.scopes.roles
        version = caching.current([scope])[scope]
        user.__dict__[_VERSION_KEY] = version
        found = cache.get(f"roles:{user.pk}:{version}")
        bundle = user.__dict__[_BUNDLE_KEY] = dict(found) if isinstance(found, dict) else {}
        for name, value in bundle.items():
            if name in REMEMBERED:
                user.__dict__.setdefault(name, value)
        if key in bundle:
            return bundle[key]
    value = read()
    if caching.may_store():
        bundle[key] = value
        cache.set(f"roles:{user.pk}:{user.__dict__[_VERSION_KEY]}", bundle, caching.shared_seconds())
    return value


def _ids(user, key: str, query: Callable[[], Iterable[int]]) -> frozenset[int]:
    if not user.is_authenticated:
        return frozenset()
    return _cached(user, key, lambda: frozenset(query()))


def _network_states(user) -> dict[int, tuple[str, str]]:
    """{network_id: (status, role)} for every network the user has asked to join."""
    if not user.is_authenticated:
        return {}
    return _cached(
        user,
        "_network_states",
        lambda: {
            network_id: (status, role)
            for network_id, status, role in NetworkMembership.objects.filter(user=user).values_list(
                "network_id", "status", "role"
            )
        },
    )


def forget_roles(user) -> None:
    """Drop the cached roles after a membership, seat, unit or region role changes within the same request."""
    for key in (*_CACHE_KEYS, _VERSION_KEY, _BUNDLE_KEY):
        user.__dict__.pop(key, None)


def is_staff(user) -> bool:
    return user.is_authenticated and (user.is_staff or user.is_superuser)


# Networks -------------------------------------------------------------------


def network_role(user, network) -> str | None:
    """The user's active role in the network, "pending" while a request waits, or None."""
    state = _network_states(user).get(network.pk)
    if state is None:
        return None
    status, role = state
    return role if status == NetworkMembership.Status.ACTIVE else PENDING


def has_role(user, network, *roles: str) -> bool:
    return network_role(user, network) in roles


def is_active_member(user, network) -> bool:
    role = network_role(user, network)
    return role is not None and role != PENDING


def active_network_ids(user, *roles: str) -> frozenset[int]:
    """The networks where the user is an active member (holding one of `roles`, when given)."""
    return frozenset(
        network_id
        for network_id, (status, role) in _network_states(user).items()
        if status == NetworkMembership.Status.ACTIVE and (not roles or role in roles)
    )


# Policy commissions -----------------------------------------------------------


def commission_ids(user) -> frozenset[int]:
    """The policy commissions the user sits on."""
    return _ids(user, "_commission_ids", lambda: CommissionMembership.objects.filter(user=user).values_list(
        "commission_id", flat=True
    ))


def is_commission_member(user) -> bool:
    return bool(commission_ids(user))


def sits_on(user, commission) -> bool:
    return commission.pk in commission_ids(user)


# Party units and regions ------------------------------------------------------


def unit_ids(user) -> frozenset[int]:
    """The party units the user belongs to, in any position."""
    return _ids(user, "_unit_ids", lambda: UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True))


def officer_unit_ids(user) -> frozenset[int]:
    """The party units where the user holds an office: those they may speak for."""
    return _ids(
        user,
        "_officer_unit_ids",
        lambda: UnitMembership.objects.filter(user=user, is_officer=True).values_list("unit_id", flat=True),
    )


def _coordinator_places(user) -> frozenset[tuple[int, int]]:
    """(constituency_id, region_id) for each constituency the user is a PiP coordinator for."""
    return _ids(
        user,
        "_coordinator_places",
        lambda: Coordinator.objects.filter(user=user).values_list("constituency_id", "region_id"),
    )


def coordinated_constituency_ids(user) -> frozenset[int]:
    """The constituencies the user coordinates for the PiP Coordinators Network."""
    return frozenset(constituency_id for constituency_id, _ in _coordinator_places(user))


def coordinator_region_ids(user) -> frozenset[int]:
    """The regions of the constituencies the user coordinates."""
    return frozenset(region_id for _, region_id in _coordinator_places(user))


def is_coordinator(user) -> bool:
    return bool(_coordinator_places(user))


def staffed_region_ids(user) -> frozenset[int]:
    """The regions whose office the user works in."""
    return _ids(
        user,
        "_staffed_region_ids",
        lambda: Region.staff.through.objects.filter(user=user).values_list("region_id", flat=True),
    )


def represented_region_ids(user) -> frozenset[int]:
    """The regions the user represents on the National Policy Forum."""
    return _ids(
        user,
        "_represented_region_ids",
        lambda: Region.npf_representatives.through.objects.filter(user=user).values_list("region_id", flat=True),
    )


def is_regional_staff(user) -> bool:
    return bool(staffed_region_ids(user))


# The party's membership list -----------------------------------------------------


def membership_record(user) -> MembershipRecord | None:
    """The membership record the account verified against, or None (one query per user object)."""
    if not user.is_authenticated:
        return None
    found = _cached(
        user,
        "_membership_record",
        lambda: (MembershipRecord.objects.filter(user=user).first(),),
    )
    return found[0]


def is_verified_member(user) -> bool:
    """The account is linked to a record of the membership list that is current and not past its expiry."""
    record = membership_record(user)
    return record is not None and record.in_good_standing()
