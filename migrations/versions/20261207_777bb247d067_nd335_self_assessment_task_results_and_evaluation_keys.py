"""NĐ 335: self-assessment sheets and scores, assigned tasks, waivers, conclusions of
degradation, department heads, the public-duty flag on discipline, evaluation keys

Revision ID: 777bb247d067
Revises: d23c0094237c
Create Date: 2026-12-07 15:26:41.650227
"""

from alembic import op
import sqlalchemy as sa


revision = '777bb247d067'
down_revision = 'd23c0094237c'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('degradation_conclusions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('concluded_on', sa.Date(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_degradation_conclusions_period_format')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_degradation_conclusions_created_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_degradation_conclusions_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_degradation_conclusions'))
    )
    with op.batch_alter_table('degradation_conclusions', schema=None) as batch_op:
        batch_op.create_index('ix_degradation_conclusions_officer', ['officer_id', 'concluded_on'], unique=False)

    op.create_table('department_heads',
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_department_heads_department_id_departments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_department_heads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('department_id', name=op.f('pk_department_heads'))
    )
    with op.batch_alter_table('department_heads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_heads_user_id'), ['user_id'], unique=False)

    op.create_table('evaluation_sheets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('returned_reason', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_evaluation_sheets_period_format')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'reviewed', 'returned', 'approved', 'not_submitted')", name=op.f('ck_evaluation_sheets_status_known')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_evaluation_sheets_approved_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_evaluation_sheets_officer_id_officers')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_evaluation_sheets_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_sheets')),
    sa.UniqueConstraint('officer_id', 'period', name=op.f('uq_evaluation_sheets_officer_id_period'))
    )
    with op.batch_alter_table('evaluation_sheets', schema=None) as batch_op:
        batch_op.create_index('ix_evaluation_sheets_period_status', ['period', 'status'], unique=False)

    op.create_table('task_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('assigned', sa.Integer(), nullable=True),
    sa.Column('worked_percent', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_task_assignments_period_format')),
    sa.CheckConstraint("source IN ('console', 'import')", name=op.f('ck_task_assignments_source_known')),
    sa.CheckConstraint('assigned IS NULL OR assigned >= 0', name=op.f('ck_task_assignments_assigned_not_negative')),
    sa.CheckConstraint('worked_percent IS NULL OR (worked_percent >= 0 AND worked_percent <= 100)', name=op.f('ck_task_assignments_worked_percent_range')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_task_assignments_officer_id_officers')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_task_assignments_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_assignments')),
    sa.UniqueConstraint('officer_id', 'period', name=op.f('uq_task_assignments_officer_id_period'))
    )
    op.create_table('task_waivers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('dossier_code', sa.String(length=64), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('delay', 'quality_failure')", name=op.f('ck_task_waivers_kind_known')),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_task_waivers_period_format')),
    sa.CheckConstraint("reason <> ''", name=op.f('ck_task_waivers_reason_given')),
    sa.CheckConstraint('count >= 1', name=op.f('ck_task_waivers_count_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_task_waivers_created_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_task_waivers_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_waivers'))
    )
    with op.batch_alter_table('task_waivers', schema=None) as batch_op:
        batch_op.create_index('ix_task_waivers_period_officer', ['period', 'officer_id'], unique=False)

    op.create_table('evaluation_scores',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sheet_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=32), nullable=False),
    sa.Column('stage', sa.String(length=8), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("stage IN ('self', 'head', 'final')", name=op.f('ck_evaluation_scores_stage_known')),
    sa.CheckConstraint('score >= 0', name=op.f('ck_evaluation_scores_score_not_negative')),
    sa.ForeignKeyConstraint(['sheet_id'], ['evaluation_sheets.id'], name=op.f('fk_evaluation_scores_sheet_id_evaluation_sheets'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_evaluation_scores_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_scores')),
    sa.UniqueConstraint('sheet_id', 'criterion', 'stage', name=op.f('uq_evaluation_scores_sheet_id_criterion_stage'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scope', sa.String(length=16), server_default='site', nullable=False))
        batch_op.alter_column('site_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_check_constraint(batch_op.f('ck_api_keys_scope_known'), "scope IN ('site', 'evaluations')")
        batch_op.create_check_constraint(batch_op.f('ck_api_keys_site_key_has_site'), "scope = 'evaluations' OR site_id IS NOT NULL")

    with op.batch_alter_table('discipline_decisions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_duty', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('evaluation_months', schema=None) as batch_op:
        batch_op.add_column(sa.Column('assessment_opened_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('assessment_opened_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('assessment_deadline', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_evaluation_months_assessment_opened_by_id_users'), 'users', ['assessment_opened_by_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('evaluation_months', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_evaluation_months_assessment_opened_by_id_users'), type_='foreignkey')
        batch_op.drop_column('assessment_deadline')
        batch_op.drop_column('assessment_opened_by_id')
        batch_op.drop_column('assessment_opened_at')

    with op.batch_alter_table('discipline_decisions', schema=None) as batch_op:
        batch_op.drop_column('public_duty')

    op.execute("DELETE FROM api_keys WHERE scope = 'evaluations'")
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_api_keys_site_key_has_site'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_api_keys_scope_known'), type_='check')
        batch_op.alter_column('site_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('scope')

    op.drop_table('evaluation_scores')
    with op.batch_alter_table('task_waivers', schema=None) as batch_op:
        batch_op.drop_index('ix_task_waivers_period_officer')

    op.drop_table('task_waivers')
    op.drop_table('task_assignments')
    with op.batch_alter_table('evaluation_sheets', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_sheets_period_status')

    op.drop_table('evaluation_sheets')
    with op.batch_alter_table('department_heads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_heads_user_id'))

    op.drop_table('department_heads')
    with op.batch_alter_table('degradation_conclusions', schema=None) as batch_op:
        batch_op.drop_index('ix_degradation_conclusions_officer')

    op.drop_table('degradation_conclusions')
