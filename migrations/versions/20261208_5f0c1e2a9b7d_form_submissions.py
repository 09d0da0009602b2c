"""form submissions: one-time nonces of the console's long actions

Revision ID: 5f0c1e2a9b7d
Revises: 5e1f0c3a9b7d
Create Date: 2026-12-07 19:45:00
"""

from alembic import op
import sqlalchemy as sa
import models.base


revision = '5f0c1e2a9b7d'
down_revision = '5e1f0c3a9b7d'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('form_submissions',
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('nonce', name=op.f('pk_form_submissions'))
    )
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_submissions_at'), ['at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('form_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_submissions_at'))
    op.drop_table('form_submissions')
