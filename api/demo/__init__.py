"""The demo data, built through the real use cases."""
