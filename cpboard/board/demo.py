"""Thistledon's board year: six meetings with agendas, minutes and questions, and a published pack."""


def seed_board(out, *, people) -> None:
    """Filled in by the board-demo work; idempotent like every app's demo."""
    return None
