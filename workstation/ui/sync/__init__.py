"""Parts of the station's 同步 page and status bar, one module each (the page itself:
``ui/pages/sync.py``): conflicts, version notice, online upload settings, background uploader."""
