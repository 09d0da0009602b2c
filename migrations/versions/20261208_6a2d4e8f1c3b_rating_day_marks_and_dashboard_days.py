"""per-day change marks of ratings and the dashboard's per-day tallies: a token per officer
and UTC day of their ratings, replaced by triggers, and the tallies of each local day kept
under the tokens they were counted from (models/input_state.py, models/dashboards.py)

Revision ID: 6a2d4e8f1c3b
Revises: 7a3d9c41e2b5
Create Date: 2026-12-08 22:10:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '6a2d4e8f1c3b'
down_revision = '7a3d9c41e2b5'
branch_labels = None
depends_on = None

SQLITE_TOKEN = "lower(hex(randomblob(16)))"


def sqlite_mark_day(row: str) -> str:
    return ("INSERT INTO rating_day_changes (officer_id, day, token) "
            f"VALUES (coalesce({row}.officer_id, 0), date({row}.rated_at), {SQLITE_TOKEN}) "
            "ON CONFLICT (officer_id, day) DO UPDATE SET token = excluded.token;")


def upgrade() -> None:
    op.create_table('rating_day_changes',
    sa.Column('officer_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('officer_id', 'day', name=op.f('pk_rating_day_changes'))
    )
    with op.batch_alter_table('rating_day_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_day_changes_day'), ['day'], unique=False)
    op.create_table('dashboard_days',
    sa.Column('zone', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('zone', 'day', name=op.f('pk_dashboard_days'))
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    # Every officer and day that already has ratings gets its first token.
    day = "date(rated_at)" if sqlite else "(rated_at AT TIME ZONE 'UTC')::date"
    token = SQLITE_TOKEN if sqlite else "gen_random_uuid()::text"
    op.execute("INSERT INTO rating_day_changes (officer_id, day, token) "
               f"SELECT officer_id, day, {token} FROM (SELECT DISTINCT "
               f"coalesce(officer_id, 0) AS officer_id, {day} AS day FROM ratings) AS rated")
    if sqlite:
        op.execute("CREATE TRIGGER mark_rating_days_insert AFTER INSERT ON ratings "
                   f"BEGIN {sqlite_mark_day('NEW')} END")
        op.execute("CREATE TRIGGER mark_rating_days_update AFTER UPDATE ON ratings "
                   f"BEGIN {sqlite_mark_day('OLD')} {sqlite_mark_day('NEW')} END")
        op.execute("CREATE TRIGGER mark_rating_days_delete AFTER DELETE ON ratings "
                   f"BEGIN {sqlite_mark_day('OLD')} END")
        return
    # PostgreSQL: once per statement, one mark per officer and day touched.
    for name, rows in (("new", "new_rows"), ("old", "old_rows")):
        op.execute(
            f"CREATE FUNCTION mark_rating_days_{name}() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN INSERT INTO rating_day_changes (officer_id, day, token) "
            "SELECT officer_id, day, gen_random_uuid()::text FROM (SELECT DISTINCT "
            "coalesce(officer_id, 0) AS officer_id, (rated_at AT TIME ZONE 'UTC')::date AS day "
            f"FROM {rows}) AS touched "
            "ON CONFLICT (officer_id, day) DO UPDATE SET token = EXCLUDED.token; "
            "RETURN NULL; END $$"
        )
    op.execute("CREATE TRIGGER mark_rating_days_insert AFTER INSERT ON ratings "
               "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_days_new()")
    op.execute("CREATE TRIGGER mark_rating_days_update_new AFTER UPDATE ON ratings "
               "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_days_new()")
    op.execute("CREATE TRIGGER mark_rating_days_update_old AFTER UPDATE ON ratings "
               "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_days_old()")
    op.execute("CREATE TRIGGER mark_rating_days_delete AFTER DELETE ON ratings "
               "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
               "EXECUTE FUNCTION mark_rating_days_old()")
    # A truncate leaves no rows to name: every day's token is replaced.
    op.execute(
        "CREATE FUNCTION mark_rating_days_truncated() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN UPDATE rating_day_changes SET token = gen_random_uuid()::text; "
        "RETURN NULL; END $$"
    )
    op.execute("CREATE TRIGGER mark_rating_days_truncate AFTER TRUNCATE ON ratings "
               "FOR EACH STATEMENT EXECUTE FUNCTION mark_rating_days_truncated()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER mark_rating_days_{name}")
    else:
        for name in ("insert", "update_new", "update_old", "delete", "truncate"):
            op.execute(f"DROP TRIGGER mark_rating_days_{name} ON ratings")
        for function in ("mark_rating_days_new", "mark_rating_days_old",
                         "mark_rating_days_truncated"):
            op.execute(f"DROP FUNCTION {function}()")
    op.drop_table('dashboard_days')
    with op.batch_alter_table('rating_day_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_day_changes_day'))
    op.drop_table('rating_day_changes')
