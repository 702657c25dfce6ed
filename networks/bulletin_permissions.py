"""Permission rules for this concern, registered with networks.permissions.rule."""
