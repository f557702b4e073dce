"""Request-rate limits: how many requests a caller may make in a window."""
