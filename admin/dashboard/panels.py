"""The dashboard's panels: each a chart (server-rendered SVG) and the table of the same values."""

from dataclasses import dataclass, field

from flask_babel import gettext as _

from admin.common.formats import pick
from models.queries import dashboard_figures as figures
from models.queries.questionnaires import load_active_questionnaire


@dataclass(frozen=True)
class Panel:
    """A chart and the rows its data table prints (a screen reader reads the table)."""

    title: str
    svg: str = ""
    rows: list = field(default_factory=list)


#: Width of a chart's label column (viewBox units); full names wrap inside it.
LABEL_WIDTH = 300


def share_panel(title: str, shares: list[figures.Share]) -> Panel:
    """Return bars of shares against their targets (over: green ✓; under: red ✗), each
    labelled with the full name of its site or department."""
    from render.charts import Bar, bar_chart

    bars = [Bar(s.label, s.rate, s.target) for s in shares]
    return Panel(title, bar_chart(bars, title, label_width=LABEL_WIDTH) if shares else "",
                 shares)


def level_panel(session, details: dict, scope) -> Panel:
    """Return the national levels' shares of all ballots (Rất hài lòng / Hài lòng / …)."""
    from render.charts import Bar, bar_chart

    counts = figures.level_counts(details, scope)
    total = sum(counts.values())
    questionnaire = load_active_questionnaire(session)
    names = {item.level: pick(item.label_vi, item.label_en)
             for item in (questionnaire.levels if questionnaire else ())}
    shares = [figures.Share(level, names.get(level, _("Level %(n)s", n=level)), n, total)
              for level, n in counts.items()]
    title = _("Ballots by level (share of all ballots)")
    return Panel(title, bar_chart([Bar(s.label, s.rate) for s in shares], title)
                 if total else "", shares)


def weekday_names() -> list[str]:
    """Return the weekday names, Monday first."""
    return [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")]


def week_panels(details: dict, scope) -> tuple[Panel, Panel, list[int]]:
    """Return heat maps of ballots and of dissatisfied ballots by weekday and local hour."""
    from render.charts import heat_map

    hours, counts, bad = figures.week_grid(details, scope)
    days, columns = weekday_names(), [f"{h}h" for h in hours]
    ballots_title = _("Ballots by weekday and hour (local time)")
    bad_title = _("Dissatisfied ballots by weekday and hour (local time)")
    return (Panel(ballots_title, heat_map(days, columns, counts, ballots_title),
                  list(zip(days, counts, strict=True))),
            Panel(bad_title, heat_map(days, columns, bad, bad_title),
                  list(zip(days, bad, strict=True))), hours)


def conduct_panel(details: dict, scope) -> Panel:
    """Return the "4 xin, 4 luôn" items by their share of "Không" answers, most failed first."""
    from render.charts import Bar, bar_chart

    rows = figures.conduct_failures(details, scope)
    title = _("\"4 xin, 4 luôn\": share answered No, by item")
    return Panel(title, bar_chart([Bar(r.label, r.rate) for r in rows], title,
                                  label_width=LABEL_WIDTH)
                 if rows else "", rows)


def trend_panel(points: list[tuple[str, figures.Share | None]], target) -> Panel:
    """Return the satisfaction of each month (— where not computed) against the target."""
    from render.charts import line_chart

    title = _("Satisfaction over 12 months")
    values = [(period[5:7] + "/" + period[2:4], share.rate if share else None)
              for period, share in points]
    return Panel(title, line_chart(values, title, target=target), points)
