"""The one gate every disclosure of client data passes through."""
