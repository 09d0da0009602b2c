"""The monthly evaluation: months, inputs, rubrics, sheets, the ranking, reports, the year, and
the NĐ 335 workflow.
"""
