"""Wagtail admin for bulletins and their delivery reports."""
