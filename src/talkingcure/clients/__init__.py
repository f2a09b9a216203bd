"""Clients of the practice and the one helper that decides who may see them."""
