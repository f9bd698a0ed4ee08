"""The 12348 work-order page's widgets."""
