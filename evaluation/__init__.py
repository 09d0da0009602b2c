"""Pure monthly evaluation rules: rubric, scoring, grading, ranking and month windows."""
