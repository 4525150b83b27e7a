"""How the desk's grid shares its height: by what each row of panes holds.

A fixed half-and-half split gives Today twenty rows of scrolling while Risks and Notes sit
mostly empty. Each grid row gets a readable floor, then what its busiest pane needs, and
whatever is left over is split evenly.
"""

from __future__ import annotations

from collections.abc import Sequence

FLOOR = 8  # a pane's border, header and a few rows


def share_heights(needs: Sequence[int], available: int) -> list[int]:
    """The height of each grid row, `needs` being what its busiest pane would fill."""
    if not needs:
        return []
    floor = min(FLOOR, available // len(needs))
    heights = [floor] * len(needs)
    rest = available - sum(heights)
    while rest > 0:
        unmet = [need - height for need, height in zip(needs, heights, strict=True)]
        hungriest = max(range(len(needs)), key=lambda row: unmet[row])
        if unmet[hungriest] <= 0:
            break
        heights[hungriest] += 1
        rest -= 1
    share, extra = divmod(max(0, rest), len(needs))
    return [height + share + (1 if row < extra else 0) for row, height in enumerate(heights)]
