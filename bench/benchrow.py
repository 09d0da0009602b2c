"""One benchmark result: a row for people and a ``BENCH {json}`` line for bench/run.py."""

import json


def emit(name: str, figure: float, unit: str, *, target: str | None = None,
         met: bool | None = None, database: str | None = None, note: str = "") -> dict:
    """Print the row and its JSON line; return the row.

    ``target`` is the target in words (e.g. "< 2 s", "≥ 0.8"); ``met`` says whether it was met,
    None when the figure has no target of its own (a reference or a baseline).
    """
    row = {"name": name, "database": database, "figure": figure, "unit": unit,
           "target": target, "met": met, "note": note}
    verdict = "" if met is None else ("met" if met else "MISSED")
    where = f"[{database}] " if database else ""
    print(f"{where}{name}: {figure:,} {unit}  {('target ' + target) if target else ''} {verdict}"
          f"{'  ' + note if note else ''}")
    print("BENCH " + json.dumps(row, ensure_ascii=False), flush=True)
    return row
