"""Clients' separate, dated, revocable consents."""
