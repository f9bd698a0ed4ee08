"""Parts of the station's 同步 page (``ui/pages/sync.py``), each in its own module."""
