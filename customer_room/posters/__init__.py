"""Posters: each wall on one printed sheet, made by a build hook (`hook.py`), planned and
fitted to the sheet in `layout.py`, laid out by WeasyPrint in `weasy.py`.

Nothing is imported here, so that the "posters" worker (which imports `weasy` alone)
starts without loading the build.
"""
