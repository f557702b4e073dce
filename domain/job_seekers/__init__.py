"""Job seekers: their profile, who may see it, the NIR lookups."""
