"""The `hailong` command line, driven through Flask's CLI runner."""

from sqlalchemy import func, select

from models import AuditEntry, Officer, Questionnaire, Rating, RubricVersion, User, Visit
from wsgi import cli


def test_help_lists_every_command(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("db", "seed-demo", "create-user", "install-defaults"):
        assert command in result.output


def test_db_current_reports_the_head(runner):
    result = runner.invoke(args=["db", "current"])
    assert result.exit_code == 0, result.output
    assert "head:" in result.output


def test_db_upgrade_is_repeatable(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert "Database is at revision" in result.output


def test_seed_demo_fills_an_empty_database(runner, db):
    result = runner.invoke(
        args=["seed-demo", "--officers", "12", "--months", "2", "--ratings-per-officer", "10",
              "--until", "2026-10-31"]
    )
    assert result.exit_code == 0, result.output
    assert "password:" in result.output and "hailong kiosk pair --counter" in result.output
    assert db.scalar(select(func.count(Officer.id))) == 12
    assert db.scalar(select(func.count(Rating.id))) > 50
    assert db.scalar(select(func.count(User.id))) == 6  # one per role and a department head
    assert db.scalar(select(func.count(AuditEntry.id))) == 1


def test_seed_demo_refuses_a_database_with_data(runner):
    args = ["seed-demo", "--officers", "3", "--ratings-per-officer", "2"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code == 1
    assert "already holds data" in result.output


def test_seed_demo_if_empty_leaves_existing_data_alone(runner, db):
    args = ["seed-demo", "--officers", "3", "--ratings-per-officer", "2", "--seed", "1"]
    assert runner.invoke(args=args).exit_code == 0
    before = db.scalar(select(func.count(Rating.id)))
    result = runner.invoke(args=[*args, "--if-empty"])
    assert result.exit_code == 0
    assert db.scalar(select(func.count(Rating.id))) == before


def test_verified_demo_ratings_are_bound_to_used_visits(runner, db):
    runner.invoke(args=["seed-demo", "--officers", "4", "--ratings-per-officer", "20"])
    unbound = db.scalar(
        select(func.count(Rating.id)).where(Rating.verified.is_(True), Rating.visit_id.is_(None))
    )
    unused = db.scalar(select(func.count(Visit.id)).where(Visit.used_at.is_(None)))
    assert unbound == 0 and unused == 0


def test_create_user_prompts_for_the_password_and_audits(runner, db):
    result = runner.invoke(
        args=["create-user", "--username", "Chanh", "--role", "admin"],
        input="a long enough passphrase\na long enough passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = db.scalar(select(User).where(User.username == "chanh"))
    assert user.role == "admin" and "passphrase" not in user.password_hash
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.object_id == str(user.id))) == (
        "user.create"
    )


def test_wrong_arguments_give_one_line_and_a_non_zero_exit(runner):
    result = runner.invoke(args=["create-user", "--username", "x", "--role", "king"])
    assert result.exit_code == 2
    assert "Invalid value for '--role'" in result.output


def test_install_defaults_is_idempotent(runner, db):
    first = runner.invoke(args=["install-defaults"]).output
    assert "Installed the default questionnaire and rubric" in first
    assert "nothing to do" in runner.invoke(args=["install-defaults"]).output
    assert db.scalar(select(func.count(Questionnaire.id))) == 1
    assert db.scalar(select(RubricVersion.status)) == "active"


def test_the_demo_scores_november_2026_under_nd335_with_officers_at_every_step(runner, db):
    from collections import Counter

    from models.queries.month import compute_month

    result = runner.invoke(args=["seed-demo", "--officers", "16", "--months", "2",
                                 "--ratings-per-officer", "10", "--until", "2026-12-07"])
    assert result.exit_code == 0, result.output
    november = compute_month(db, "2026-11", zone="Asia/Ho_Chi_Minh")
    october = compute_month(db, "2026-10", zone="Asia/Ho_Chi_Minh")
    assert november.rubric.name == "NĐ 335/2025 – công chức một cửa"
    assert october.rubric.name == "Kế hoạch Trung tâm (bộ tiêu chí địa phương)"
    steps = Counter(o.sheet_status for o in november.inputs.officers)
    assert {"approved", "reviewed", "submitted", "draft", "returned", None} <= set(steps)
    assert "truongbp" in result.output
    # a department head at the counters: their task results add the department's parts
    leaders = [o for o in november.result.officers if o.leader_post is not None]
    assert [o.leader_post.title for o in leaders] == ["Trưởng bộ phận"]
    parts = [s.code for c in leaders[0].criteria for s in c.sub_rates]
    assert parts[-3:] == ["unit_quantity", "unit_quality", "unit_progress"]
    assert not [o for o in october.result.officers if o.leader_post is not None]


def test_install_defaults_stores_a_changed_shipped_rubric_as_the_next_draft(runner, db):
    """An installation made by an earlier release (the decree's rubric without the leaders'
    items) gets the shipped rubric as a draft v2; nothing in force changes; once only."""
    import copy

    from evaluation import load_default_rubric, rubric_to_dict
    from models.defaults import install_rubric

    older = copy.deepcopy(rubric_to_dict(load_default_rubric()))
    for criterion in older["criteria"]:
        criterion.get("params", {}).pop("unit_sub_rates", None)
    assert older != rubric_to_dict(load_default_rubric())
    older["overrides"] = [o for o in older["overrides"] if o["when"] != "leader_unit_violation"]
    from evaluation import parse_rubric

    install_rubric(db, parse_rubric(older), "active")
    db.commit()
    first = runner.invoke(args=["install-defaults"]).output
    assert "Installed the default questionnaire and rubric" in first
    versions = db.execute(select(RubricVersion.version, RubricVersion.status)
                          .where(RubricVersion.name == older["name"])
                          .order_by(RubricVersion.version)).all()
    assert versions == [(1, "active"), (2, "draft")]
    stored = db.scalar(select(RubricVersion.document).where(RubricVersion.version == 2,
                                                           RubricVersion.name == older["name"]))
    assert stored["overrides"] == rubric_to_dict(load_default_rubric())["overrides"]
    assert "nothing to do" in runner.invoke(args=["install-defaults"]).output
    assert db.scalar(select(func.count(RubricVersion.id))
                     .where(RubricVersion.name == older["name"])) == 2
