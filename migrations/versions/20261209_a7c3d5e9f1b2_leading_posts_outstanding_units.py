"""NĐ 335 for leaders and outstanding units: leading posts, the sites that qualify for the
quota's exception per year, and the kind of a recorded conclusion (degradation, or a leader's
unit involved in corruption or waste); the two new tables are evaluation inputs (change marks)

Revision ID: a7c3d5e9f1b2
Revises: 5f0c1e2a9b7d
Create Date: 2026-12-09 22:00:00
"""

from alembic import op
import sqlalchemy as sa
import models.base


revision = 'a7c3d5e9f1b2'
down_revision = '5f0c1e2a9b7d'
branch_labels = None
depends_on = None

#: The new evaluation inputs (models/input_state.py): marked like the others (5e1f0c3a9b7d).
NEW_INPUTS = ("leading_posts", "outstanding_units")
#: SQLite's batch mode rebuilds this table, dropping its triggers: they are made again.
REBUILT = "degradation_conclusions"
SQLITE_MARK_INPUTS = (
    "INSERT INTO evaluation_input_state (id, token) VALUES (1, lower(hex(randomblob(16)))) "
    "ON CONFLICT (id) DO UPDATE SET token = excluded.token;"
)


def _sqlite_triggers(tables) -> None:
    for table in tables:
        for verb in ("INSERT", "UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER mark_inputs_{table}_{verb.lower()} AFTER {verb} "
                       f"ON {table} BEGIN {SQLITE_MARK_INPUTS} END")


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def upgrade() -> None:
    op.create_table('leading_posts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('unit', models.base.NFCString(length=16), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=True),
    sa.Column('title', models.base.NFCString(length=120), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('note', models.base.NFCText(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("unit IN ('department', 'site')", name=op.f('ck_leading_posts_unit_known')),
    sa.CheckConstraint("(unit = 'department' AND department_id IS NOT NULL AND site_id IS NULL)"
                       " OR (unit = 'site' AND site_id IS NOT NULL AND department_id IS NULL)",
                       name=op.f('ck_leading_posts_unit_named')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on',
                       name=op.f('ck_leading_posts_ends_after_start')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                            name=op.f('fk_leading_posts_created_by_id_users')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'],
                            name=op.f('fk_leading_posts_department_id_departments')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'],
                            name=op.f('fk_leading_posts_officer_id_officers')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_leading_posts_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leading_posts'))
    )
    with op.batch_alter_table('leading_posts', schema=None) as batch_op:
        batch_op.create_index('ix_leading_posts_officer_started', ['officer_id', 'started_on'],
                              unique=False)
    op.create_table('outstanding_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('reference', models.base.NFCString(length=200), nullable=False),
    sa.Column('note', models.base.NFCText(), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("reference <> ''", name=op.f('ck_outstanding_units_reference_given')),
    sa.CheckConstraint('year BETWEEN 2000 AND 2100', name=op.f('ck_outstanding_units_year_in_range')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                            name=op.f('fk_outstanding_units_created_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_outstanding_units_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outstanding_units')),
    sa.UniqueConstraint('site_id', 'year', name=op.f('uq_outstanding_units_site_id_year'))
    )
    with op.batch_alter_table('degradation_conclusions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), server_default='degradation',
                                      nullable=False))
        batch_op.create_check_constraint(
            'kind_known', "kind IN ('degradation', 'leader_unit_violation')")
    if _sqlite():
        _sqlite_triggers((*NEW_INPUTS, REBUILT))
    else:
        for table in NEW_INPUTS:
            op.execute(f"CREATE TRIGGER mark_inputs AFTER INSERT OR UPDATE OR DELETE OR "
                       f"TRUNCATE ON {table} FOR EACH STATEMENT "
                       "EXECUTE FUNCTION mark_evaluation_inputs()")


def downgrade() -> None:
    if _sqlite():
        for table in NEW_INPUTS:
            for verb in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER mark_inputs_{table}_{verb}")
    else:
        for table in NEW_INPUTS:
            op.execute(f"DROP TRIGGER mark_inputs ON {table}")
    with op.batch_alter_table('degradation_conclusions', schema=None) as batch_op:
        batch_op.drop_constraint('kind_known', type_='check')
        batch_op.drop_column('kind')
    if _sqlite():
        _sqlite_triggers((REBUILT,))
    op.drop_table('outstanding_units')
    with op.batch_alter_table('leading_posts', schema=None) as batch_op:
        batch_op.drop_index('ix_leading_posts_officer_started')
    op.drop_table('leading_posts')
