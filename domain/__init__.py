"""Tremplin's business rules: pure Python, no framework, no I/O."""
