"""Widgets of accounts and encryption: passwords, the recovery code, operator management."""
