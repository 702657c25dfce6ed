"""Threads, posts, flags, moderation log, notifications."""
