"""Renderers: analysed documents to the terminal (and, later, HTML)."""
