"""Referentials shipped as package data (``data/``), served from memory."""
