"""Permission rules for submissions and amendments, registered with networks.permissions.rule."""
