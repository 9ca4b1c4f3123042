"""Indicators computed from the council's own SSDA903 (children looked after) return, aggregate-only.

The child-level rows are read into memory, checked (`quality`), turned into figures (`indicators`), and
dropped: only the figures, the data-quality counts and each file's SHA-256 are ever stored."""
