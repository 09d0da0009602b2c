"""cover the monthly tally with an index

Revision ID: 8121ae6903b2
Revises: 3b6461b4e1c4
Create Date: 2026-11-29 08:59:13.213064
"""

from alembic import op
import sqlalchemy as sa


revision = '8121ae6903b2'
down_revision = '3b6461b4e1c4'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_officer_rated'))
        batch_op.create_index('ix_ratings_officer_month', ['officer_id', 'rated_at', 'verified', 'excluded', 'questionnaire_version_id', 'level', 'conduct_answered', 'conduct_yes'], unique=False)
        batch_op.create_index('ix_ratings_excluded_rated', ['rated_at'], unique=False, sqlite_where=sa.text('excluded = 1'), postgresql_where=sa.text('excluded'))
        batch_op.create_index('ix_ratings_late_rated', ['rated_at'], unique=False, sqlite_where=sa.text('late = 1'), postgresql_where=sa.text('late'))


def downgrade() -> None:
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index('ix_ratings_late_rated', sqlite_where=sa.text('late = 1'), postgresql_where=sa.text('late'))
        batch_op.drop_index('ix_ratings_excluded_rated', sqlite_where=sa.text('excluded = 1'), postgresql_where=sa.text('excluded'))
        batch_op.drop_index('ix_ratings_officer_month')
        batch_op.create_index(batch_op.f('ix_ratings_officer_rated'), ['officer_id', 'rated_at'], unique=False)
