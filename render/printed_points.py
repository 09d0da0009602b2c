"""An officer's criterion points as printed: two decimals adding up to the printed total."""

from evaluation import OfficerResult
from evaluation.printed import printed_points as split_cents
from render.vn_format import DASH, number

#: The one line printed under the criteria: why they add up and how the total is computed.
TOTAL_NOTE = ("Tổng điểm được cộng từ điểm chưa làm tròn của các tiêu chí rồi làm tròn đến 2 chữ "
              "số thập phân; điểm từng tiêu chí in ra được làm tròn lên hoặc xuống 0,01 sao cho "
              "cộng lại đúng bằng tổng điểm in ra.")


def printed_points(officer: OfficerResult) -> list[str]:
    """Return each criterion's points as printed (— when it does not apply).

    The applicable criteria add up to the printed sum of points (``evaluation.printed``):
    to the printed total, or — when the total is rescaled to 100 — to the printed points
    before rescaling.
    """
    applicable = [c for c in officer.criteria if c.applicable]
    cents = iter(split_cents([c.points for c in applicable], [c.max_points for c in applicable]))
    return [number(float(next(cents))) if c.applicable else DASH for c in officer.criteria]
