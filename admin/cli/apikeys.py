"""`hailong apikey …`: integration keys for a site's queue system or one-stop software."""

import click
from flask.cli import AppGroup
from sqlalchemy import select

from models import ApiKey, Site
from models.ops.apikeys import create_api_key, revoke_api_key
from models.ops.audit import record_audit
from web.cli_text import CommandError, _
from web.db import get_session, write_session

apikey_cli = AppGroup("apikey", help="Create, list and revoke integration keys of a site.")


def _site(session, code: str) -> Site:
    site = session.scalar(select(Site).where(Site.code == code))
    if site is None:
        raise CommandError(_("No site has the code %(code)s.", code=repr(code)))
    return site


@apikey_cli.command("create")
@click.option("--site", "site_code", help="Code of the site the key acts for (required for a "
              "site key; for an evaluations key, only that site's officers are read).")
@click.option("--scope", type=click.Choice(["site", "evaluations"]), default="site",
              show_default=True, help="site: a queue system or one-stop software; "
              "evaluations: the province's software reading GET /api/v1/evaluations.")
@click.option("--name", default=None, help="What the key is for, shown to staff.")
def create_command(site_code, scope, name):
    """Create a key and print it once (only its hash is stored)."""
    session = write_session()
    if scope == "site" and not site_code:
        raise click.BadParameter("a site key needs --site", param_hint="--site")
    site = _site(session, site_code) if site_code else None
    default = "Hệ thống xếp hàng" if scope == "site" else "Phần mềm đánh giá công chức"
    name = (name or default).strip()
    if not name or len(name) > 120:
        raise click.BadParameter("must be 1 to 120 characters", param_hint="--name")
    issued = create_api_key(session, site, name, scope=scope)
    record_audit(session, action="apikey.create", actor="cli", object_type="api_key",
                 object_id=issued.key_id,
                 after={"site": site.code if site else None, "name": name, "scope": scope})
    session.commit()
    where = f"site {site.code}" if site else "every site"
    click.echo(f"Created {scope} key {issued.key_id} for {where} ({name}).")
    click.echo("Give it to the integration now; it cannot be shown again:")
    click.echo(issued.key)


@apikey_cli.command("list")
@click.option("--site", "site_code", help="Only this site's keys.")
def list_command(site_code):
    """List keys: id, site, prefix, name, state and last use."""
    session = get_session()
    query = (select(ApiKey, Site.code).outerjoin(Site, Site.id == ApiKey.site_id)
             .order_by(ApiKey.id))
    if site_code:
        query = query.where(ApiKey.site_id == _site(session, site_code).id)
    for key, code in session.execute(query):
        state = "revoked" if key.revoked_at else "active"
        used = key.last_used_at.isoformat(timespec="seconds") if key.last_used_at else "never"
        click.echo(f"{key.id}\t{code or '*'}\t{key.scope}\t{key.prefix}…\t{state}\t"
                   f"last used {used}\t{key.name}")


@apikey_cli.command("revoke")
@click.argument("key_id", type=int)
def revoke_command(key_id):
    """Revoke the key with this id; requests carrying it are refused from now on."""
    session = write_session()
    key = session.get(ApiKey, key_id)
    if key is None:
        raise CommandError(_("No key has the id %(id)s.", id=key_id))
    if key.revoked_at is not None:
        click.echo(f"Key {key_id} was already revoked.")
        return
    revoke_api_key(session, key)
    record_audit(session, action="apikey.revoke", actor="cli", object_type="api_key",
                 object_id=key_id)
    session.commit()
    click.echo(f"Revoked key {key_id}.")


def init_app(app) -> None:
    """Register the apikey command group."""
    app.cli.add_command(apikey_cli)
