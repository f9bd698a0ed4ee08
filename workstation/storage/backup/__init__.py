"""Backups of a station database and restoring them (no Qt, no services).

``create.make_backup`` writes one verified backup file (format: ``archive``);
``restore.prepare_restore`` verifies a backup on a private copy and ``restore.apply_restore``
swaps it in; ``snapshot`` makes the consistent online copy and checks copies.
"""
