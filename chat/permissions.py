"""Permission rules for live chats, registered with networks.permissions.rule."""
