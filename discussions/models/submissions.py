"""Tracked submissions to policy commissions, and amendments."""
