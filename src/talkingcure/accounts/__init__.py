"""Staff accounts, roles, supervision, second factor and re-authentication."""
