"""Printing in the app: the 打印 menu of a record, the PDF preview, and output to printers.

PDFs are made by ``workstation.services.printing`` in the background; this package only
shows them (QtPdf), sends their pages to a ``QPrinter`` or saves the bytes.
"""
