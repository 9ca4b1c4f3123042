def seed_performance(out, *, people) -> None:
    """Filled in by the performance app."""
