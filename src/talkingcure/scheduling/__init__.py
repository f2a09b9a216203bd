"""Weekly appointments: 50 minutes by default."""
