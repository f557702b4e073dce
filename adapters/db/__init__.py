"""Persistence: SQLModel tables, repositories and the async unit of work."""
