"""What the ground floor's content is cached under (`networks.caching`), and which changes bump each scope.

Every scope is bumped from the model's own save and delete (`caching.watch`), so the Wagtail admin,
the actions and the shell all invalidate alike; docs/caching.md lists every scope and who reads it.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.models import Page, PageViewRestriction, Site, get_page_models
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from networks import caching
from networks.models import (
    CommissionMembership,
    NetworkMembership,
    PolicyCommission,
    Profile,
    Region,
    UnitMembership,
)

SITE = "site"
"""The page tree: any page published, unpublished, moved, renamed or deleted; sites; page privacy."""

PEOPLE = "people"
"""How members appear to others: display names, usernames, commission seats (badges on every post)."""

MEMBERSHIPS = "memberships"
"""Who belongs to which network, anywhere (the member counts on the network cards)."""

BADGE_ROLES = frozenset({NetworkMembership.Role.HOST, NetworkMembership.Role.EDITOR, NetworkMembership.Role.MODERATOR})

# Saves Wagtail makes while an editor works on a draft: the live page does not change.
DRAFT_FIELDS = frozenset(
    {"latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes",
     "wagtail_admin_comments", "locked", "locked_by", "locked_at"}
)
# A sign-in records its time (and may rehash the password): nothing another member sees.
SIGN_IN_FIELDS = frozenset({"last_login", "password"})


def network(pk: int) -> str:
    """A network's roles that others see: its hosts, editors and moderators (badges on posts)."""
    return caching.scope("network", pk)


def members(pk: int) -> str:
    """Who belongs to a network, and so its member count."""
    return caching.scope("members", pk)


def roles(user_id: int) -> str:
    """One member's own roles (`networks.permissions.roles` keeps them across requests under this scope)."""
    return caching.scope("roles", user_id)


def commission(pk: int) -> str:
    """A policy commission's page: its seats, work programme, documents and figures."""
    return caching.scope("commission", pk)


def _membership(membership: NetworkMembership):
    yield members(membership.network_id)
    yield MEMBERSHIPS
    yield roles(membership.user_id)
    loaded = getattr(membership, "loaded_role", None)
    if membership.role in BADGE_ROLES or loaded in BADGE_ROLES or (loaded is None and not membership._state.adding):
        yield network(membership.network_id)


def _seat(seat: CommissionMembership):
    return [PEOPLE, commission(seat.commission_id), roles(seat.user_id)]


def _region_roles(through):
    """Staff and NPF representatives of a region: the roles of each member added, removed or cleared."""

    def scopes_of(instance, reverse: bool, user_ids: set | None):
        if reverse:  # user.staffed_regions.add(region): the member is the instance
            return [roles(instance.pk)]
        if user_ids is None:  # region.staff.clear(): those about to go
            user_ids = set(through.objects.filter(region_id=instance.pk).values_list("user_id", flat=True))
        return [roles(user_id) for user_id in user_ids]

    return scopes_of


def _page_changed(sender, instance, **kwargs):
    caching.bump(SITE)


def _page_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    caching.bump(SITE)


def _migrated(sender, **kwargs) -> None:
    """A deployment migrates: what was kept was made (and pickled) by the code before it."""
    caching.cover(-1)
    caching.everything_changed()


def register() -> None:
    """Connect the ground floor's models to their scopes (from NetworksConfig.ready)."""
    from django.db.backends.signals import connection_created
    from django.db.models.signals import post_delete, post_migrate, post_save, pre_migrate

    # Migrations write what they must; everything kept is retired once they are done.
    pre_migrate.connect(lambda **kwargs: caching.cover(+1), weak=False, dispatch_uid="networks.scopes:migrating")
    post_migrate.connect(_migrated, weak=False, dispatch_uid="networks.scopes:migrated")
    connection_created.connect(caching.install_write_guard, weak=False, dispatch_uid="networks.scopes:guard")

    caching.watch(NetworkMembership, _membership)
    caching.watch(CommissionMembership, _seat)
    caching.watch(UnitMembership, lambda unit_membership: [roles(unit_membership.user_id)])
    caching.watch(Profile, lambda profile: [PEOPLE], on_create=False)
    caching.watch(
        get_user_model(), lambda user: [PEOPLE, roles(user.pk)], ignore_fields=SIGN_IN_FIELDS, on_create=False
    )
    caching.watch(PolicyCommission, lambda policy_commission: [PEOPLE, commission(policy_commission.pk)])
    for relation in (Region.staff, Region.npf_representatives):
        caching.watch_m2m(relation.through, _region_roles(relation.through))
        caching.watch(relation.through, lambda row: [roles(row.user_id)])
    caching.watch(Site, lambda site: [SITE])
    caching.watch(PageViewRestriction, lambda restriction: [SITE])
    for model in [Page, *get_page_models()]:
        uid = f"networks.scopes:{model._meta.label}"
        post_save.connect(_page_saved, sender=model, weak=False, dispatch_uid=uid)
        post_delete.connect(_page_changed, sender=model, weak=False, dispatch_uid=uid)
    for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
        signal.connect(_page_changed, weak=False, dispatch_uid="networks.scopes:pages")
