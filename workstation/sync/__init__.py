"""Sync bundles (issue 5): signed, encrypted, incremental export of a station's changes.

``format`` reads and writes the bundle container (shared by station and county), ``keys``
holds the key handling, ``station`` the station side (export, acknowledgements). The county
side lives in ``workstation.county``. No Qt here. Format: ``docs/sync-bundle.md``.
"""
