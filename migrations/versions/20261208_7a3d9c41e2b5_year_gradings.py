"""year gradings: each grading of a year (NĐ 335 Điều 19), late ones with their reason

Revision ID: 7a3d9c41e2b5
Revises: a7c3d5e9f1b2
Create Date: 2026-12-07 22:10:00
"""

from alembic import op
import sqlalchemy as sa
import models.base


revision = '7a3d9c41e2b5'
down_revision = 'a7c3d5e9f1b2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('year_gradings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('graded_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('graded_by_id', sa.Integer(), nullable=True),
    sa.Column('periods', sa.JSON(), nullable=False),
    sa.Column('superseded', sa.JSON(), nullable=False),
    sa.Column('not_counted', sa.JSON(), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('reason', models.base.NFCText(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.CheckConstraint("NOT late OR reason <> ''", name=op.f('ck_year_gradings_late_has_reason')),
    sa.ForeignKeyConstraint(['graded_by_id'], ['users.id'],
                            name=op.f('fk_year_gradings_graded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_year_gradings'))
    )
    with op.batch_alter_table('year_gradings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_year_gradings_year'), ['year'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('year_gradings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_year_gradings_year'))
    op.drop_table('year_gradings')
