"""security: throttles, sessions, second factor, audit chain, hashed survey tokens

Revision ID: d23c0094237c
Revises: e10455a60be8
Create Date: 2026-12-07 15:20:39.925374

- throttle_windows: rate-limit windows shared by every worker and host.
- staff_sessions: console sessions kept on the server; recovery_codes and the users'
  TOTP columns: the second factor.
- audit_log: every entry sealed into a hash chain (existing entries are sealed here, in
  id order), audit_chain_head; the database also refuses TRUNCATE (PostgreSQL) and
  INSERT OR REPLACE (SQLite), which the first migration's triggers let through.
- visits: the survey token is no longer stored, only its SHA-256 (existing tokens keep
  working; they cannot be shown again) and, for new visits, the nonce it is derived from.
"""

import hashlib
from types import SimpleNamespace

import sqlalchemy as sa
from alembic import op

import models.base
from models.ops.audit import entry_content, link_hash

revision = 'd23c0094237c'
down_revision = 'e10455a60be8'
branch_labels = None
depends_on = None

APPEND_ONLY = "audit_log is append-only"
HEAD_FORWARD = "audit_chain_head only moves forward"


def upgrade() -> None:
    create_tables()
    add_second_factor_columns()
    hash_survey_tokens()
    drop_append_only_triggers()
    seal_existing_audit_entries()
    make_audit_log_tamper_evident()


def create_tables() -> None:
    op.create_table('audit_chain_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.BigInteger(), nullable=False),
    sa.Column('hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_chain_head'))
    )
    op.create_table('throttle_windows',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.Column('refused', sa.Integer(), nullable=False),
    sa.Column('ends_at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_throttle_windows'))
    )
    with op.batch_alter_table('throttle_windows', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_throttle_windows_ends_at'), ['ends_at'], unique=False)

    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('used_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index('ix_recovery_codes_user_unused', ['user_id', 'used_at'], unique=False)

    op.create_table('staff_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('created_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', models.base.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', models.base.UTCDateTime(timezone=True), nullable=True),
    sa.Column('end_reason', sa.String(length=32), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.CheckConstraint("stage IN ('second_factor', 'enrol', 'full')", name=op.f('ck_staff_sessions_stage_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_staff_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_staff_sessions_token_hash'))
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_staff_sessions_user_open', ['user_id', 'ended_at'], unique=False)


def add_second_factor_columns() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('totp_enabled_at', models.base.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))


def hash_survey_tokens() -> None:
    """Keep only the SHA-256 of every existing token (the printed QR codes keep working)."""
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_nonce', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('token_hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    visits = sa.table('visits', sa.column('id'), sa.column('survey_token'),
                      sa.column('token_hash'))
    for visit_id, token in bind.execute(sa.select(visits.c.id, visits.c.survey_token)).all():
        bind.execute(visits.update().where(visits.c.id == visit_id).values(
            token_hash=hashlib.sha256(token.encode()).hexdigest()))
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.alter_column('token_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_visits_survey_token'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_visits_token_hash'), ['token_hash'])
        batch_op.drop_column('survey_token')


def drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    else:
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")


def seal_existing_audit_entries() -> None:
    """Seal the entries written before the chain existed, in the order of their ids."""
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chain_seq', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('chain_hash', sa.String(length=64), nullable=True))
    bind = op.get_bind()
    log = sa.table(
        'audit_log', sa.column('id'), sa.column('at', models.base.UTCDateTime()),
        *(sa.column(name) for name in ('user_id', 'actor', 'ip', 'action', 'object_type',
                                        'object_id', 'note', 'chain_seq', 'chain_hash')),
        sa.column('before', sa.JSON()), sa.column('after', sa.JSON()))
    seq, previous = 0, ""
    for row in bind.execute(sa.select(log).order_by(log.c.id)).mappings().all():
        seq += 1
        previous = link_hash(previous, seq, entry_content(SimpleNamespace(**row)))
        bind.execute(log.update().where(log.c.id == row['id']).values(
            chain_seq=seq, chain_hash=previous))
    op.execute(sa.text("INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, :seq, :hash)")
               .bindparams(seq=seq, hash=previous))
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.alter_column('chain_seq', existing_type=sa.BigInteger(), nullable=False)
        batch_op.alter_column('chain_hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_audit_log_chain_seq'), ['chain_seq'])


def make_audit_log_tamper_evident() -> None:
    """Refuse every way of changing or removing entries, and of moving the head back."""
    if op.get_bind().dialect.name == "sqlite":
        for name, when in (
            ("audit_log_no_update", "BEFORE UPDATE ON audit_log"),
            ("audit_log_no_delete", "BEFORE DELETE ON audit_log"),
            # INSERT OR REPLACE deletes the row it replaces without firing delete triggers.
            ("audit_log_no_replace", "BEFORE INSERT ON audit_log WHEN EXISTS (SELECT 1 FROM "
             "audit_log WHERE id = NEW.id OR chain_seq = NEW.chain_seq)"),
        ):
            op.execute(f"CREATE TRIGGER {name} {when} "
                       f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END")
        for name, when in (
            ("audit_chain_head_no_delete", "BEFORE DELETE ON audit_chain_head"),
            ("audit_chain_head_forward", "BEFORE UPDATE ON audit_chain_head "
             "WHEN NEW.seq <= OLD.seq OR NEW.id <> OLD.id"),
            ("audit_chain_head_no_replace", "BEFORE INSERT ON audit_chain_head "
             "WHEN EXISTS (SELECT 1 FROM audit_chain_head)"),
        ):
            op.execute(f"CREATE TRIGGER {name} {when} "
                       f"BEGIN SELECT RAISE(ABORT, '{HEAD_FORWARD}'); END")
        return
    op.execute(
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()"
    )
    op.execute(
        "CREATE FUNCTION audit_chain_head_forward() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN IF TG_OP = 'UPDATE' AND NEW.seq > OLD.seq AND NEW.id = OLD.id THEN "
        f"RETURN NEW; END IF; RAISE EXCEPTION '{HEAD_FORWARD}'; END $$"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_forward BEFORE UPDATE OR DELETE ON audit_chain_head "
        "FOR EACH ROW EXECUTE FUNCTION audit_chain_head_forward()"
    )
    op.execute(
        "CREATE TRIGGER audit_chain_head_no_truncate BEFORE TRUNCATE ON audit_chain_head "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_forward()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("audit_log_no_update", "audit_log_no_delete", "audit_log_no_replace"):
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER audit_chain_head_no_truncate ON audit_chain_head")
        op.execute("DROP TRIGGER audit_chain_head_forward ON audit_chain_head")
        op.execute("DROP FUNCTION audit_chain_head_forward()")
        op.execute("DROP TRIGGER audit_log_append_only ON audit_log")

    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('survey_token', sa.VARCHAR(length=32), nullable=True))
    # The tokens themselves were never kept: visits get new ones (their old links end).
    op.execute("UPDATE visits SET survey_token = substr(token_hash, 1, 16)")
    with op.batch_alter_table('visits', schema=None) as batch_op:
        batch_op.alter_column('survey_token', existing_type=sa.VARCHAR(length=32), nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_visits_token_hash'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_visits_survey_token'), ['survey_token'])
        batch_op.drop_column('token_hash')
        batch_op.drop_column('token_nonce')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enabled_at')
        batch_op.drop_column('totp_secret')

    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_audit_log_chain_seq'), type_='unique')
        batch_op.drop_column('chain_hash')
        batch_op.drop_column('chain_seq')
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
                f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
            )
    else:
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()"
        )

    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_staff_sessions_user_open')

    op.drop_table('staff_sessions')
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index('ix_recovery_codes_user_unused')

    op.drop_table('recovery_codes')
    with op.batch_alter_table('throttle_windows', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_throttle_windows_ends_at'))

    op.drop_table('throttle_windows')
    op.drop_table('audit_chain_head')
