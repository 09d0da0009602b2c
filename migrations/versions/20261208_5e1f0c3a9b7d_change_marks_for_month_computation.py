"""change marks for a month's computation: a token per state of the evaluation inputs and per
officer's ratings, replaced by triggers (models/input_state.py)

Revision ID: 5e1f0c3a9b7d
Revises: ccba65283046
Create Date: 2026-12-08 18:50:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '5e1f0c3a9b7d'
down_revision = 'ccba65283046'
branch_labels = None
depends_on = None

#: The evaluation inputs at this revision (models/input_state.py keeps the current list).
INPUT_TABLES = (
    "alerts", "breach_entries", "degradation_conclusions", "department_heads", "departments",
    "discipline_decisions", "dossier_imports", "dossier_stats", "dossiers",
    "evaluation_months", "evaluation_scores", "evaluation_sheets", "leader_assessments",
    "month_events", "officers", "question_items", "questionnaire_versions", "questionnaires",
    "rating_contests", "rating_flags", "register_imports", "rubric_versions", "settings",
    "sites", "task_assignments", "task_waivers", "user_departments", "users",
)
SQLITE_TOKEN = "lower(hex(randomblob(16)))"
SQLITE_MARK_INPUTS = (
    f"INSERT INTO evaluation_input_state (id, token) VALUES (1, {SQLITE_TOKEN}) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token;"
)


def sqlite_mark_officer(row: str) -> str:
    return (f"INSERT INTO rating_changes (officer_id, token) "
            f"VALUES (coalesce({row}.officer_id, 0), {SQLITE_TOKEN}) "
            "ON CONFLICT (officer_id) DO UPDATE SET token = excluded.token;")


def upgrade() -> None:
    op.create_table('evaluation_input_state',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_input_state'))
    )
    op.create_table('rating_changes',
    sa.Column('officer_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('officer_id', name=op.f('pk_rating_changes'))
    )
    # A computed month is reused only while this row's token stays the same.
    op.execute("INSERT INTO evaluation_input_state (id, token) VALUES (1, 'migrated')")
    if op.get_bind().dialect.name == "sqlite":
        for table in INPUT_TABLES:
            for verb in ("INSERT", "UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER mark_inputs_{table}_{verb.lower()} AFTER {verb} "
                           f"ON {table} BEGIN {SQLITE_MARK_INPUTS} END")
        op.execute("CREATE TRIGGER mark_ratings_insert AFTER INSERT ON ratings "
                   f"BEGIN {sqlite_mark_officer('NEW')} END")
        op.execute("CREATE TRIGGER mark_ratings_update AFTER UPDATE ON ratings "
                   f"BEGIN {sqlite_mark_officer('OLD')} {sqlite_mark_officer('NEW')} END")
        op.execute("CREATE TRIGGER mark_ratings_delete AFTER DELETE ON ratings "
                   f"BEGIN {sqlite_mark_officer('OLD')} END")
        return
    # PostgreSQL: once per statement (a bulk import marks once), from the transition tables
    # for ratings (one mark per officer touched, whatever the rows).
    op.execute(
        "CREATE FUNCTION mark_evaluation_inputs() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN INSERT INTO evaluation_input_state (id, token) "
        "VALUES (1, gen_random_uuid()::text) "
        "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$"
    )
    for table in INPUT_TABLES:
        op.execute(f"CREATE TRIGGER mark_inputs AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                   f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION mark_evaluation_inputs()")
    for name, rows in (("new", "new_rows"), ("old", "old_rows")):
        op.execute(
            f"CREATE FUNCTION mark_rating_officers_{name}() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN INSERT INTO rating_changes (officer_id, token) "
            "SELECT officer_id, gen_random_uuid()::text FROM (SELECT DISTINCT "
            f"coalesce(officer_id, 0) AS officer_id FROM {rows}) AS touched "
            "ON CONFLICT (officer_id) DO UPDATE SET token = EXCLUDED.token; "
            "RETURN NULL; END $$"
        )
    op.execute("CREATE TRIGGER mark_ratings_insert AFTER INSERT ON ratings "
               "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_officers_new()")
    op.execute("CREATE TRIGGER mark_ratings_update_new AFTER UPDATE ON ratings "
               "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_officers_new()")
    op.execute("CREATE TRIGGER mark_ratings_update_old AFTER UPDATE ON ratings "
               "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_officers_old()")
    op.execute("CREATE TRIGGER mark_ratings_delete AFTER DELETE ON ratings "
               "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_officers_old()")
    # A truncate leaves no rows to name: every officer is marked (and officer 0).
    op.execute(
        "CREATE FUNCTION mark_ratings_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN INSERT INTO rating_changes (officer_id, token) "
        "SELECT id, gen_random_uuid()::text FROM (SELECT id FROM officers UNION SELECT 0) AS o "
        "ON CONFLICT (officer_id) DO UPDATE SET token = EXCLUDED.token; "
        "INSERT INTO evaluation_input_state (id, token) VALUES (1, gen_random_uuid()::text) "
        "ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token; RETURN NULL; END $$"
    )
    op.execute("CREATE TRIGGER mark_ratings_truncate AFTER TRUNCATE ON ratings "
               "FOR EACH STATEMENT EXECUTE FUNCTION mark_ratings_truncated()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in INPUT_TABLES:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER mark_inputs_{table}_{verb}")
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER mark_ratings_{name}")
    else:
        for table in INPUT_TABLES:
            op.execute(f"DROP TRIGGER mark_inputs ON {table}")
        for name in ("insert", "update_new", "update_old", "delete", "truncate"):
            op.execute(f"DROP TRIGGER mark_ratings_{name} ON ratings")
        for function in ("mark_evaluation_inputs", "mark_rating_officers_new",
                         "mark_rating_officers_old", "mark_ratings_truncated"):
            op.execute(f"DROP FUNCTION {function}()")
    op.drop_table('rating_changes')
    op.drop_table('evaluation_input_state')
