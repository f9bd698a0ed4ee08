"""Errors of the sync layer: one Chinese line each (the CLI shows them as they are)."""

from __future__ import annotations

from workstation.services.context import ServiceError


class SyncError(ServiceError):
    """A sync request refused (bad key, nothing to acknowledge ...)."""


class BundleRefused(SyncError):
    """A bundle (or acknowledgement) that must not be applied; nothing was changed."""
