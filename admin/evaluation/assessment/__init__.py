"""The NĐ 335 self-assessment → review → approval workflow in the console (one feature)."""

from admin.evaluation.assessment import board, sheet  # noqa: F401 - the modules hang routes on bp
