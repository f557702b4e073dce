"""Prescriber organisations and their habilitation."""
