"""Wagtail admin for commissions, party units, regions and coordinators."""
