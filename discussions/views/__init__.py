"""Discussion views, by concern: threads, moderation, notifications, search."""
