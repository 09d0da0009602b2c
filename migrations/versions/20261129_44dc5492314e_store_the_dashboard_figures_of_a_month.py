"""store the dashboard figures of a month

Revision ID: 44dc5492314e
Revises: 8121ae6903b2
Create Date: 2026-11-29 10:09:05.126088
"""

from alembic import op
import sqlalchemy as sa


revision = '44dc5492314e'
down_revision = '8121ae6903b2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dashboard_months',
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('summary', sa.JSON(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.CheckConstraint("period LIKE '____-__'", name=op.f('ck_dashboard_months_period_format')),
    sa.PrimaryKeyConstraint('period', name=op.f('pk_dashboard_months'))
    )


def downgrade() -> None:
    op.drop_table('dashboard_months')
