"""Parts of the station's 同步 (sync) page and status bar kept apart from ``ui/pages/sync.py``:
online upload settings and the background uploader."""
