"""SIAE and the other inclusive employers."""
