"""Role checks the services make themselves (hiding a button is not a permission)."""

from __future__ import annotations

from .context import Actor, ServiceError


class NotPermitted(ServiceError):
    """The acting operator's role may not do this (message in Chinese)."""


def require_admin(actor: Actor | None, what: str) -> Actor:
    """The actor if it is a station admin; else ``NotPermitted`` ("只有站点管理员可以<what>")."""
    if actor is None or not actor.is_admin:
        raise NotPermitted(f"只有站点管理员可以{what}")
    return actor
