"""Builders for test data. Plain functions: each makes one realistic thing and returns it."""

from __future__ import annotations

import itertools

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from home.models import HomePage
from networks.actions import sync_editor_access
from networks.models import (
    CommissionMembership,
    NetworkIndexPage,
    NetworkMembership,
    NetworkPage,
    PolicyCommission,
    Profile,
    Region,
)

PASSWORD = "correct-horse-battery-staple"
_seq = itertools.count(1)


def make_user(email: str | None = None, *, name: str | None = None, staff: bool = False, region: Region | None = None):
    n = next(_seq)
    email = email or f"member{n}@example.org"
    user = get_user_model().objects.create_user(
        username=f"user{n}", email=email, password=PASSWORD, is_staff=staff, is_superuser=staff
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    Profile.objects.create(user=user, display_name=name or f"Member {n}", region=region)
    return user


def wagtail_roots() -> Page:
    """Wagtail's root page, default locale and root collection.

    Migrations create them, but a transactional test (browser tests) truncates
    every table afterwards, so they are recreated here when missing.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()  # the flush gave every content type a new id
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def site_tree() -> tuple[HomePage, NetworkIndexPage]:
    """The home page and the network index, created once per test database."""
    home = HomePage.objects.first()
    if home is None:
        root = wagtail_roots()
        for placeholder in root.get_children().filter(content_type__model="page", numchild=0):
            placeholder.delete()
        home = HomePage(title="Policy Networks", slug="home")
        root.add_child(instance=home)
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
        )
    index = NetworkIndexPage.objects.first()
    if index is None:
        index = NetworkIndexPage(title="Policy networks", slug="networks")
        home.add_child(instance=index)
    return home, index


def make_network(title: str = "Health Network", *, slug: str | None = None, members_only: bool = False) -> NetworkPage:
    _, index = site_tree()
    from django.utils.text import slugify

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
    from django.utils.text import slugify

    commission, _ = PolicyCommission.objects.get_or_create(code=code, defaults={"name": name, "slug": slugify(name)})
    return commission


def make_commission_member(commission: PolicyCommission | None = None, **user_kwargs):
    user = make_user(**user_kwargs)
    CommissionMembership.objects.create(commission=commission or make_commission(), user=user)
    return user
