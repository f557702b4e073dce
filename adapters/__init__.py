"""Driven adapters: the domain's ports implemented with real technology."""
