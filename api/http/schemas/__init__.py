"""Request and response models of the HTTP API (never the table classes)."""
