"""Wagtail admin for networks. Other concerns keep their admin in their own modules, imported here."""

from networks import bulletin_admin, commission_admin  # noqa: F401
