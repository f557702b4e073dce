"""Candidatures: submission, answers, hiring, transfer, their state machine."""
