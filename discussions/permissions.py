"""Permission rules for discussions, registered with networks.permissions.rule."""
