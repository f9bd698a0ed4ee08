"""County side of sync (issue 5): the county database, bundle import, decisions, statistics.

``db`` defines the county schema (its own metadata, created with ``create_all``: the county
database is not a station database and does not use the station's Alembic history) and opens
it from a path or an SQLAlchemy URL. ``importer`` verifies and applies bundles and writes
acknowledgements; ``service`` holds keys, station registration, decisions and statistics.
"""
