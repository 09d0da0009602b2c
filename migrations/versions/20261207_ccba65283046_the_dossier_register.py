"""the dossier register: dossiers, their changes, imports and saved column mappings; the
sites' rating-by-code settings; the totals' task counts; visits opened by the register

Revision ID: ccba65283046
Revises: 777bb247d067
Create Date: 2026-12-07 15:26:38.376090
"""

from alembic import op
import sqlalchemy as sa
import models.base


revision = 'ccba65283046'
down_revision = '777bb247d067'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('register_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', models.base.NFCString(length=120), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_register_mappings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_mappings')),
    sa.UniqueConstraint('name', name=op.f('uq_register_mappings_name'))
    )
    op.create_table('register_imports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('filename', models.base.NFCString(length=255), nullable=False),
    sa.Column('mapping', models.base.NFCString(length=120), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('created', sa.Integer(), nullable=False),
    sa.Column('updated', sa.Integer(), nullable=False),
    sa.Column('unchanged', sa.Integer(), nullable=False),
    sa.Column('imported_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('api_key_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("source IN ('file', 'api')", name=op.f('ck_register_imports_source_known')),
    sa.ForeignKeyConstraint(['api_key_id'], ['api_keys.id'], name=op.f('fk_register_imports_api_key_id_api_keys')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_register_imports_imported_by_id_users')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_register_imports_site_id_sites')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_register_imports'))
    )
    with op.batch_alter_table('register_imports', schema=None) as batch_op:
        batch_op.create_index('ix_register_imports_site_at', ['site_id', 'imported_at'], unique=False)

    op.create_table('dossiers',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('site_id', sa.Integer(), nullable=False),
    sa.Column('officer_id', sa.Integer(), nullable=True),
    sa.Column('procedure', models.base.NFCString(length=300), nullable=False),
    sa.Column('field', models.base.NFCString(length=200), nullable=False),
    sa.Column('lead_agency', models.base.NFCString(length=200), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('transferred_on', sa.Date(), nullable=True),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('channel', sa.String(length=8), nullable=True),
    sa.Column('return_channel', sa.String(length=8), nullable=True),
    sa.Column('digitised', sa.Boolean(), nullable=True),
    sa.Column('supplement_requests', sa.Integer(), nullable=True),
    sa.Column('apology', sa.Boolean(), nullable=True),
    sa.Column('quality_failed', sa.Boolean(), nullable=True),
    sa.Column('phone_hash', sa.String(length=64), nullable=True),
    sa.Column('id_hash', sa.String(length=64), nullable=True),
    sa.Column('visit_id', sa.Integer(), nullable=True),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('updated_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint("channel IS NULL OR channel IN ('direct', 'online', 'post')", name=op.f('ck_dossiers_channel_known')),
    sa.CheckConstraint("return_channel IS NULL OR return_channel IN ('direct', 'online', 'post')", name=op.f('ck_dossiers_return_channel_known')),
    sa.CheckConstraint('due_on >= received_on', name=op.f('ck_dossiers_due_after_receipt')),
    sa.CheckConstraint('resolved_on IS NULL OR resolved_on >= received_on', name=op.f('ck_dossiers_resolved_after_receipt')),
    sa.CheckConstraint('returned_on IS NULL OR (returned_on >= received_on AND (resolved_on IS NULL OR returned_on >= resolved_on))', name=op.f('ck_dossiers_returned_after_result')),
    sa.CheckConstraint('supplement_requests IS NULL OR supplement_requests >= 0', name=op.f('ck_dossiers_supplement_requests_not_negative')),
    sa.CheckConstraint('transferred_on IS NULL OR transferred_on >= received_on', name=op.f('ck_dossiers_transferred_after_receipt')),
    sa.ForeignKeyConstraint(['import_id'], ['register_imports.id'], name=op.f('fk_dossiers_import_id_register_imports')),
    sa.ForeignKeyConstraint(['officer_id'], ['officers.id'], name=op.f('fk_dossiers_officer_id_officers')),
    sa.ForeignKeyConstraint(['site_id'], ['sites.id'], name=op.f('fk_dossiers_site_id_sites')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_dossiers_visit_id_visits')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossiers')),
    sa.UniqueConstraint('code', name=op.f('uq_dossiers_code')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_dossiers_visit_id'))
    )
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_officer_received', ['officer_id', 'received_on'], unique=False)
        batch_op.create_index('ix_dossiers_received', ['received_on', 'site_id'], unique=False)
        batch_op.create_index('ix_dossiers_resolved', ['resolved_on'], unique=False)
        batch_op.create_index('ix_dossiers_returned', ['returned_on'], unique=False)

    op.create_table('dossier_changes',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('dossier_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], name=op.f('fk_dossier_changes_dossier_id_dossiers')),
    sa.ForeignKeyConstraint(['import_id'], ['register_imports.id'], name=op.f('fk_dossier_changes_import_id_register_imports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_changes'))
    )
    with op.batch_alter_table('dossier_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_changes_dossier_id'), ['dossier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_changes_import_id'), ['import_id'], unique=False)

    with op.batch_alter_table('dossier_stats', schema=None) as batch_op:
        batch_op.add_column(sa.Column('returned', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('supplement_requests', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('quality_failures', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('late_with_apology', sa.Integer(), nullable=True))
        batch_op.create_check_constraint(
            'task_counts_not_negative',
            '(returned IS NULL OR returned >= 0) '
            'AND (supplement_requests IS NULL OR supplement_requests >= 0) '
            'AND (quality_failures IS NULL OR quality_failures >= 0) '
            'AND (late_with_apology IS NULL OR late_with_apology >= 0)')

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dossier_rating_days', sa.Integer(), nullable=False,
                                      server_default='30'))
        batch_op.add_column(sa.Column('dossier_second_factor', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.create_check_constraint('dossier_rating_days_in_range',
                                         'dossier_rating_days BETWEEN 1 AND 90')

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_visits_opened_via_known'), type_='check')
        batch_op.create_check_constraint(
            'opened_via_known', "opened_via IN ('api', 'officer', 'tablet', 'register')")



def downgrade() -> None:
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_visits_opened_via_known'), type_='check')
        batch_op.create_check_constraint('opened_via_known',
                                         "opened_via IN ('api', 'officer', 'tablet')")

    with op.batch_alter_table('sites', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_sites_dossier_rating_days_in_range'), type_='check')
        batch_op.drop_column('dossier_second_factor')
        batch_op.drop_column('dossier_rating_days')

    with op.batch_alter_table('dossier_stats', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_dossier_stats_task_counts_not_negative'), type_='check')
        batch_op.drop_column('late_with_apology')
        batch_op.drop_column('quality_failures')
        batch_op.drop_column('supplement_requests')
        batch_op.drop_column('returned')

    with op.batch_alter_table('dossier_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_changes_import_id'))
        batch_op.drop_index(batch_op.f('ix_dossier_changes_dossier_id'))

    op.drop_table('dossier_changes')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_returned')
        batch_op.drop_index('ix_dossiers_resolved')
        batch_op.drop_index('ix_dossiers_received')
        batch_op.drop_index('ix_dossiers_officer_received')

    op.drop_table('dossiers')
    with op.batch_alter_table('register_imports', schema=None) as batch_op:
        batch_op.drop_index('ix_register_imports_site_at')

    op.drop_table('register_imports')
    op.drop_table('register_mappings')
