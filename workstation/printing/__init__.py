"""Printed documents: receipts and the standard forms, as PDF (reportlab).

``registry`` (what can be printed), ``render`` (one document of one record to PDF bytes),
``layout`` (the page and block toolkit), ``fonts`` (CJK fonts with per-character fallback),
``text`` (Chinese line breaking), ``documents`` (one module per document family).
reportlab is imported only when a document is rendered, never at application start.
"""
