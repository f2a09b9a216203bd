"""Append-only, tamper-evident audit trail of every access to client data."""
