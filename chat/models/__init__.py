"""Live chat models."""
