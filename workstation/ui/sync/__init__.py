"""Parts of the 同步 page, one module each (the page itself: ``ui/pages/sync.py``)."""
