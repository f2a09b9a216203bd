"""Field-level authenticated encryption of client data at rest, with key rotation."""
