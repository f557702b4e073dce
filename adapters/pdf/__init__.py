"""Printable documents, as PDF."""
