"""initial schema

Revision ID: 3b6461b4e1c4
Revises: 
Create Date: 2026-11-29 08:31:32.763477
"""

from alembic import op
import sqlalchemy as sa


revision = '3b6461b4e1c4'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('land_group', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('code', name=op.f('uq_departments_code'))
    )
    op.create_table('questionnaires',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaires')),
    sa.UniqueConstraint('code', name=op.f('uq_questionnaires_code'))
    )
    op.create_table('sites',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('opens_at', sa.Time(), nullable=False),
    sa.Column('closes_at', sa.Time(), nullable=False),
    sa.Column('cooldown_seconds', sa.Integer(), nullable=False),
    sa.Column('token_ttl_days', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('province', 'commune')", name=op.f('ck_sites_kind_known')),
    sa.CheckConstraint('cooldown_seconds >= 0', name=op.f('ck_sites_cooldown_not_negative')),
    sa.CheckConstraint('opens_at < closes_at', name=op.f('ck_sites_opens_before_closing')),
    sa.CheckConstraint('token_ttl_days BETWEEN 1 AND 90', name=op.f('ck_sites_token_ttl_in_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sites')),
    sa.UniqueConstraint('code', name=op.f('uq_sites_code'))
    )
    op.create_table('counters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint('number > 0', name=op.f('ck_counters_number_positive')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_counters_department_id_departments')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_counters_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_counters')),
    sa.UniqueConstraint('code', name=op.f('uq_counters_code'))
    )
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_counters_site_id'), ['site_id'], unique=False)

    op.create_table('officers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('photo', sa.LargeBinary(), nullable=True),
    sa.Column('photo_updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('pin_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_officers_department_id_departments')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_officers_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officers')),
    sa.UniqueConstraint('code', name=op.f('uq_officers_code'))
    )
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_officers_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_officers_site_id'), ['site_id'], unique=False)

    op.create_table('questionnaire_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('questionnaire_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('scale_max', sa.Integer(), nullable=False),
    sa.Column('satisfied_min_level', sa.Integer(), nullable=False),
    sa.Column('reason_required_max_level', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.CheckConstraint("status IN ('draft', 'active', 'retired')", name=op.f('ck_questionnaire_versions_status_known')),
    sa.CheckConstraint('reason_required_max_level BETWEEN 0 AND satisfied_min_level - 1', name=op.f('ck_questionnaire_versions_reason_below_satisfied')),
    sa.CheckConstraint('satisfied_min_level BETWEEN 1 AND scale_max', name=op.f('ck_questionnaire_versions_satisfied_in_scale')),
    sa.CheckConstraint('scale_max BETWEEN 2 AND 5', name=op.f('ck_questionnaire_versions_scale_in_range')),
    sa.ForeignKeyConstraint(['questionnaire_id'], ['questionnaires.id'], name=op.f('fk_questionnaire_versions_questionnaire_id_questionnaires')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_questionnaire_versions')),
    sa.UniqueConstraint('questionnaire_id', 'version', name=op.f('uq_questionnaire_versions_questionnaire_id_version'))
    )
    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.create_index('uq_questionnaire_versions_one_active', ['status'], unique=True, sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.create_table('counter_assignments',
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_counter_assignments_counter_id_counters'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_counter_assignments_officer_id_officers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('counter_id', 'officer_id', name=op.f('pk_counter_assignments'))
    )
    op.create_table('question_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('item_group', sa.String(length=16), nullable=False),
    sa.Column('label_vi', sa.String(length=300), nullable=False),
    sa.Column('label_en', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.CheckConstraint("(item_group = 'overall' AND level IS NOT NULL) OR (item_group <> 'overall' AND level IS NULL)", name=op.f('ck_question_items_level_only_for_overall')),
    sa.CheckConstraint("item_group IN ('overall', '4xin', '4luon', '5khong', 'reason')", name=op.f('ck_question_items_group_known')),
    sa.ForeignKeyConstraint(['version_id'], ['questionnaire_versions.id'], name=op.f('fk_question_items_version_id_questionnaire_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_items')),
    sa.UniqueConstraint('version_id', 'code', name=op.f('uq_question_items_version_id_code'))
    )
    with op.batch_alter_table('question_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_items_version_id'), ['version_id'], unique=False)

    op.create_table('tablets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('secret_hash', sa.String(length=64), nullable=False),
    sa.Column('paired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('app_version', sa.String(length=32), nullable=False),
    sa.Column('outbox_length', sa.Integer(), nullable=False),
    sa.Column('oldest_unsent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dead_letters', sa.Integer(), nullable=False),
    sa.Column('clock_skew_seconds', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_tablets_counter_id_counters')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tablets')),
    sa.UniqueConstraint('secret_hash', name=op.f('uq_tablets_secret_hash'))
    )
    with op.batch_alter_table('tablets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tablets_counter_id'), ['counter_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=120), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_epoch', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("role <> 'officer' OR officer_id IS NOT NULL", name=op.f('ck_users_officer_has_officer')),
    sa.CheckConstraint("role IN ('admin', 'leader', 'hr', 'liaison', 'officer')", name=op.f('ck_users_role_known')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_users_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('officer_id', name=op.f('uq_users_officer_id')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('api_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('prefix', sa.String(length=12), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_api_keys_created_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_api_keys_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_keys')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_api_keys_key_hash'))
    )
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_keys_site_id'), ['site_id'], unique=False)

    op.create_table('audit_log',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=80), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('object_type', sa.String(length=32), nullable=True),
    sa.Column('object_id', sa.String(length=64), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_log_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_log_object', ['object_type', 'object_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_user_id'), ['user_id'], unique=False)

    op.create_table('breach_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=120), nullable=False),
    sa.Column('deduction', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_breach_entries_period_format')),
    sa.CheckConstraint('deduction IS NULL OR deduction >= 0', name=op.f('ck_breach_entries_deduction_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_breach_entries_created_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_breach_entries_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_breach_entries'))
    )
    with op.batch_alter_table('breach_entries', schema=None) as batch_op:
        batch_op.create_index('ix_breach_entries_period_officer', ['period', 'officer_id'], unique=False)

    op.create_table('discipline_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('form', sa.String(length=120), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_discipline_decisions_period_format')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_discipline_decisions_created_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_discipline_decisions_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discipline_decisions'))
    )
    with op.batch_alter_table('discipline_decisions', schema=None) as batch_op:
        batch_op.create_index('ix_discipline_decisions_period_officer', ['period', 'officer_id'], unique=False)

    op.create_table('dossier_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('row_count', sa.Integer(), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_dossier_imports_period_format')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_dossier_imports_imported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_imports'))
    )
    with op.batch_alter_table('dossier_imports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_imports_period'), ['period'], unique=False)

    op.create_table('leader_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_leader_assessments_period_format')),
    sa.CheckConstraint('score >= 0', name=op.f('ck_leader_assessments_score_not_negative')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_leader_assessments_officer_id_officers')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_leader_assessments_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_leader_assessments')),
    sa.UniqueConstraint('officer_id', 'period', name=op.f('uq_leader_assessments_officer_id_period'))
    )
    op.create_table('officer_sign_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('tablet_id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('signed_in_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('signed_out_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sign_out_reason', sa.String(length=16), nullable=True),
    sa.CheckConstraint("sign_out_reason IS NULL OR sign_out_reason IN ('manual', 'closing_time', 'replaced', 'revoked', 'moved')", name=op.f('ck_officer_sign_ins_sign_out_reason_known')),
    sa.CheckConstraint('signed_out_at IS NULL OR signed_out_at >= signed_in_at', name=op.f('ck_officer_sign_ins_out_after_in')),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_officer_sign_ins_counter_id_counters')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_officer_sign_ins_officer_id_officers')),
    sa.ForeignKeyConstraint(['tablet_id'], ['tablets.id'], name=op.f('fk_officer_sign_ins_tablet_id_tablets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_officer_sign_ins'))
    )
    with op.batch_alter_table('officer_sign_ins', schema=None) as batch_op:
        batch_op.create_index('ix_officer_sign_ins_officer_in', ['officer_id', 'signed_in_at'], unique=False)
        batch_op.create_index('uq_officer_sign_ins_one_open_per_tablet', ['tablet_id'], unique=True, sqlite_where=sa.text('signed_out_at IS NULL'), postgresql_where=sa.text('signed_out_at IS NULL'))

    op.create_table('pairing_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('tablet_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_pairing_codes_counter_id_counters')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_pairing_codes_created_by_id_users')),
    sa.ForeignKeyConstraint(['tablet_id'], ['tablets.id'], name=op.f('fk_pairing_codes_tablet_id_tablets')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pairing_codes'))
    )
    with op.batch_alter_table('pairing_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pairing_codes_code_hash'), ['code_hash'], unique=False)

    op.create_table('pin_lockouts',
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('tablet_id', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_pin_lockouts_officer_id_officers')),
    sa.ForeignKeyConstraint(['tablet_id'], ['tablets.id'], name=op.f('fk_pin_lockouts_tablet_id_tablets')),
    sa.PrimaryKeyConstraint('officer_id', 'tablet_id', name=op.f('pk_pin_lockouts'))
    )
    op.create_table('rubric_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('activated_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'active', 'retired')", name=op.f('ck_rubric_versions_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rubric_versions_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_versions')),
    sa.UniqueConstraint('name', 'version', name=op.f('uq_rubric_versions_name_version'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('user_departments',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_user_departments_department_id_departments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_departments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'department_id', name=op.f('pk_user_departments'))
    )
    op.create_table('dossier_stats',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('received', sa.Integer(), nullable=False),
    sa.Column('resolved_early', sa.Integer(), nullable=False),
    sa.Column('resolved_on_time', sa.Integer(), nullable=False),
    sa.Column('resolved_late', sa.Integer(), nullable=False),
    sa.Column('digitised', sa.Integer(), nullable=False),
    sa.Column('received_online', sa.Integer(), nullable=True),
    sa.Column('returned_by_post', sa.Integer(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_dossier_stats_period_format')),
    sa.CheckConstraint('(received_online IS NULL OR received_online >= 0) AND (returned_by_post IS NULL OR returned_by_post >= 0)', name=op.f('ck_dossier_stats_optional_counts_not_negative')),
    sa.CheckConstraint('received >= 0 AND resolved_early >= 0 AND resolved_on_time >= 0 AND resolved_late >= 0 AND digitised >= 0', name=op.f('ck_dossier_stats_counts_not_negative')),
    sa.ForeignKeyConstraint(['import_id'], ['dossier_imports.id'], name=op.f('fk_dossier_stats_import_id_dossier_imports')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_dossier_stats_officer_id_officers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_stats')),
    sa.UniqueConstraint('officer_id', 'period', name=op.f('uq_dossier_stats_officer_id_period'))
    )
    with op.batch_alter_table('dossier_stats', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_stats_period', ['period'], unique=False)

    op.create_table('evaluation_months',
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('rubric_version_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_evaluation_months_period_format')),
    sa.CheckConstraint("status = 'open' OR snapshot IS NOT NULL", name=op.f('ck_evaluation_months_closed_has_snapshot')),
    sa.CheckConstraint("status IN ('open', 'closed')", name=op.f('ck_evaluation_months_status_known')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['users.id'], name=op.f('fk_evaluation_months_closed_by_id_users')),
    sa.ForeignKeyConstraint(['rubric_version_id'], ['rubric_versions.id'], name=op.f('fk_evaluation_months_rubric_version_id_rubric_versions')),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_evaluation_months'))
    )
    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('ticket_number', sa.String(length=32), nullable=True),
    sa.Column('dossier_code', sa.String(length=64), nullable=True),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('opened_via', sa.String(length=16), nullable=False),
    sa.Column('api_key_id', sa.Integer(), nullable=True),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('survey_token', sa.String(length=32), nullable=False),
    sa.Column('token_expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("opened_via IN ('api', 'officer', 'tablet')", name=op.f('ck_visits_opened_via_known')),
    sa.CheckConstraint('closed_at IS NULL OR closed_at >= opened_at', name=op.f('ck_visits_closed_after_open')),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], name=op.f('fk_visits_api_key_id_api_keys')),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_visits_counter_id_counters')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_visits_officer_id_officers')),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_visits_opened_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_visits_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits')),
    sa.UniqueConstraint('survey_token', name=op.f('uq_visits_survey_token'))
    )
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.create_index('ix_visits_counter_open', ['counter_id', 'closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_dossier_code'), ['dossier_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_visits_officer_id'), ['officer_id'], unique=False)

    op.create_table('month_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.CheckConstraint("action = 'close' OR reason <> ''", name=op.f('ck_month_events_reopen_has_reason')),
    sa.CheckConstraint("action IN ('close', 'reopen')", name=op.f('ck_month_events_action_known')),
    sa.ForeignKeyConstraint(['period'], ['evaluation_months.period'], name=op.f('fk_month_events_period_evaluation_months')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_month_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_month_events'))
    )
    with op.batch_alter_table('month_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_month_events_period'), ['period'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('tablet_id', sa.Integer(), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('questionnaire_version_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('rated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('client_rated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('clock_corrected', sa.Boolean(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('reason_text', sa.Text(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('conduct_answered', sa.Integer(), nullable=False),
    sa.Column('conduct_yes', sa.Integer(), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('excluded_reason', sa.String(length=500), nullable=True),
    sa.Column('excluded_by_id', sa.Integer(), nullable=True),
    sa.Column('excluded_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("source IN ('kiosk', 'qr_visit', 'qr_counter', 'dossier_code')", name=op.f('ck_ratings_source_known')),
    sa.CheckConstraint("source NOT IN ('qr_visit', 'dossier_code') OR visit_id IS NOT NULL", name=op.f('ck_ratings_visit_sources_have_visit')),
    sa.CheckConstraint('(verified AND visit_id IS NOT NULL) OR (NOT verified AND visit_id IS NULL)', name=op.f('ck_ratings_verified_iff_visit')),
    sa.CheckConstraint('NOT excluded OR (excluded_reason IS NOT NULL AND excluded_at IS NOT NULL)', name=op.f('ck_ratings_exclusion_has_reason')),
    sa.CheckConstraint('conduct_yes BETWEEN 0 AND conduct_answered', name=op.f('ck_ratings_conduct_yes_within_answered')),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_ratings_level_in_range')),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], name=op.f('fk_ratings_counter_id_counters')),
    sa.ForeignKeyConstraint(['excluded_by_id'], ['users.id'], name=op.f('fk_ratings_excluded_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_ratings_officer_id_officers')),
    sa.ForeignKeyConstraint(['questionnaire_version_id'], ['questionnaire_versions.id'], name=op.f('fk_ratings_questionnaire_version_id_questionnaire_versions')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_ratings_site_id_sites')),
    sa.ForeignKeyConstraint(['tablet_id'], ['tablets.id'], name=op.f('fk_ratings_tablet_id_tablets')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_ratings_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_ratings_visit_id'))
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_counter_rated', ['counter_id', 'rated_at'], unique=False)
        batch_op.create_index('ix_ratings_officer_rated', ['officer_id', 'rated_at'], unique=False)
        batch_op.create_index('ix_ratings_rated', ['rated_at'], unique=False)
        batch_op.create_index('ix_ratings_site_rated', ['site_id', 'rated_at'], unique=False)

    op.create_table('alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('rating_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("(kind = 'misconduct' AND item_id IS NOT NULL) OR (kind = 'dissatisfied' AND item_id IS NULL)", name=op.f('ck_alerts_item_only_for_misconduct')),
    sa.CheckConstraint("kind IN ('dissatisfied', 'misconduct')", name=op.f('ck_alerts_kind_known')),
    sa.CheckConstraint("status IN ('new', 'verifying', 'confirmed', 'not_confirmed')", name=op.f('ck_alerts_status_known')),
    sa.ForeignKeyConstraint(['handled_by_id'], ['users.id'], name=op.f('fk_alerts_handled_by_id_users')),
    sa.ForeignKeyConstraint(['item_id'], ['question_items.id'], name=op.f('fk_alerts_item_id_question_items')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_alerts_officer_id_officers')),
    sa.ForeignKeyConstraint(['rating_id'], ['ratings.id'], name=op.f('fk_alerts_rating_id_ratings')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_alerts_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alerts'))
    )
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.create_index('ix_alerts_officer_kind', ['officer_id', 'kind', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_rating_id'), ['rating_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_alerts_site_id'), ['site_id'], unique=False)
        batch_op.create_index('ix_alerts_status_created', ['status', 'created_at'], unique=False)

    op.create_table('rating_answers',
    sa.Column('rating_id', sa.Uuid(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['question_items.id'], name=op.f('fk_rating_answers_item_id_question_items')),
    sa.ForeignKeyConstraint(['rating_id'], ['ratings.id'], name=op.f('fk_rating_answers_rating_id_ratings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('rating_id', 'item_id', name=op.f('pk_rating_answers'))
    )
    with op.batch_alter_table('rating_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_answers_item_id'), ['item_id'], unique=False)

    op.create_table('rating_contests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rating_id', sa.Uuid(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=True),
    sa.CheckConstraint("status IN ('pending', 'accepted', 'rejected')", name=op.f('ck_rating_contests_status_known')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_rating_contests_decided_by_id_users')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_rating_contests_officer_id_officers')),
    sa.ForeignKeyConstraint(['rating_id'], ['ratings.id'], name=op.f('fk_rating_contests_rating_id_ratings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_contests'))
    )
    with op.batch_alter_table('rating_contests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rating_contests_rating_id'), ['rating_id'], unique=False)

    op.create_table('alert_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('alert_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=16), nullable=False),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], name=op.f('fk_alert_events_alert_id_alerts')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_alert_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_alert_events'))
    )
    with op.batch_alter_table('alert_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_alert_events_alert_id'), ['alert_id'], unique=False)

    make_audit_log_append_only()


def make_audit_log_append_only() -> None:
    """Refuse UPDATE and DELETE on audit_log in the database itself."""
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
            )
        return
    op.execute(
        "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION audit_log_append_only()")
    with op.batch_alter_table('alert_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_alert_events_alert_id'))

    op.drop_table('alert_events')
    with op.batch_alter_table('rating_contests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_contests_rating_id'))

    op.drop_table('rating_contests')
    with op.batch_alter_table('rating_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rating_answers_item_id'))

    op.drop_table('rating_answers')
    with op.batch_alter_table('alerts', schema=None) as batch_op:
        batch_op.drop_index('ix_alerts_status_created')
        batch_op.drop_index(batch_op.f('ix_alerts_site_id'))
        batch_op.drop_index(batch_op.f('ix_alerts_rating_id'))
        batch_op.drop_index('ix_alerts_officer_kind')

    op.drop_table('alerts')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_site_rated')
        batch_op.drop_index('ix_ratings_rated')
        batch_op.drop_index('ix_ratings_officer_rated')
        batch_op.drop_index('ix_ratings_counter_rated')

    op.drop_table('ratings')
    with op.batch_alter_table('month_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_month_events_period'))

    op.drop_table('month_events')
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visits_officer_id'))
        batch_op.drop_index(batch_op.f('ix_visits_dossier_code'))
        batch_op.drop_index('ix_visits_counter_open')

    op.drop_table('visits')
    op.drop_table('evaluation_months')
    with op.batch_alter_table('dossier_stats', schema=None) as batch_op:
        batch_op.drop_index('ix_dossier_stats_period')

    op.drop_table('dossier_stats')
    op.drop_table('user_departments')
    op.drop_table('settings')
    op.drop_table('rubric_versions')
    op.drop_table('pin_lockouts')
    with op.batch_alter_table('pairing_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pairing_codes_code_hash'))

    op.drop_table('pairing_codes')
    with op.batch_alter_table('officer_sign_ins', schema=None) as batch_op:
        batch_op.drop_index('uq_officer_sign_ins_one_open_per_tablet', sqlite_where=sa.text('signed_out_at IS NULL'), postgresql_where=sa.text('signed_out_at IS NULL'))
        batch_op.drop_index('ix_officer_sign_ins_officer_in')

    op.drop_table('officer_sign_ins')
    op.drop_table('leader_assessments')
    with op.batch_alter_table('dossier_imports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_imports_period'))

    op.drop_table('dossier_imports')
    with op.batch_alter_table('discipline_decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_discipline_decisions_period_officer')

    op.drop_table('discipline_decisions')
    with op.batch_alter_table('breach_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_breach_entries_period_officer')

    op.drop_table('breach_entries')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_user_id'))
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    with op.batch_alter_table('api_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_keys_site_id'))

    op.drop_table('api_keys')
    op.drop_table('users')
    with op.batch_alter_table('tablets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tablets_counter_id'))

    op.drop_table('tablets')
    with op.batch_alter_table('question_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_items_version_id'))

    op.drop_table('question_items')
    op.drop_table('counter_assignments')
    with op.batch_alter_table('questionnaire_versions', schema=None) as batch_op:
        batch_op.drop_index('uq_questionnaire_versions_one_active', sqlite_where=sa.text("status = 'active'"), postgresql_where=sa.text("status = 'active'"))

    op.drop_table('questionnaire_versions')
    with op.batch_alter_table('officers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_officers_site_id'))
        batch_op.drop_index(batch_op.f('ix_officers_department_id'))

    op.drop_table('officers')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_counters_site_id'))

    op.drop_table('counters')
    op.drop_table('sites')
    op.drop_table('questionnaires')
    op.drop_table('departments')
