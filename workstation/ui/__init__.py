"""The PySide6 desk application. The only package allowed to import Qt."""
