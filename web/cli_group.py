"""The `hailong` command group: commands listed without importing them or building the app.

Flask's own group builds the whole app to list the commands (the app imports every console
view). This group knows each command by name, by where it is defined ("module:attribute")
and by its one-line summary, so ``hailong --help`` imports none of them. A command's module is
imported when the command is named (``hailong report --help`` lists the report commands
without building the app); the app is built, and its context pushed as Flask's group does,
only when a command is run. ``tests/test_lazy_imports.py`` checks that the table names
exactly the commands the app registers, the same objects, with the same summaries.

When another app is named (``--app``/``FLASK_APP``) the group behaves as Flask's.
"""

import importlib

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo


class LazyCommand(click.Command):
    """A command known by name and summary until it is used; then the real one is imported."""

    def __init__(self, name: str, target: str, summary: str) -> None:
        super().__init__(name, help=summary)
        self.target = target

    def load(self) -> click.Command:
        """Import and return the command this entry names ("package.module:attribute")."""
        module, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command

    def make_context(self, info_name, args, parent=None, **extra):
        # Only reached when a caller bypasses LazyFlaskGroup.resolve_command (e.g. completion).
        return self.load().make_context(info_name, args, parent=parent, **extra)


class LazyFlaskGroup(FlaskGroup):
    """Flask's command group with the app's commands registered lazily (see the module)."""

    def __init__(self, *, lazy_commands: dict[str, tuple[str, str]], **kwargs) -> None:
        super().__init__(**kwargs)
        self.lazy_commands = {name: LazyCommand(name, target, summary)
                              for name, (target, summary) in lazy_commands.items()}

    @staticmethod
    def _other_app(ctx: click.Context) -> bool:
        return ctx.ensure_object(ScriptInfo).app_import_path is not None

    def list_commands(self, ctx: click.Context) -> list[str]:
        if self._other_app(ctx):
            return super().list_commands(ctx)
        self._load_plugin_commands()
        return sorted(set(self.commands) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if self._other_app(ctx):
            return super().get_command(ctx, name)
        self._load_plugin_commands()
        return self.commands.get(name) or self.lazy_commands.get(name)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name, command, rest = super().resolve_command(ctx, args)
        if isinstance(command, LazyCommand):
            command = command.load()
            if not _asks_for_help(ctx, command, rest):
                app = ctx.ensure_object(ScriptInfo).load_app()
                # As Flask's group does: the app context for the command's callbacks.
                if not current_app or current_app._get_current_object() is not app:
                    ctx.with_resource(app.app_context())
        return name, command, rest


def _asks_for_help(ctx: click.Context, command: click.Command, args: list[str]) -> bool:
    """Whether the rest of the command line asks for a help page (which needs no app)."""
    if not args:
        return command.no_args_is_help
    names = set(ctx.help_option_names)
    return any(arg in names for arg in args)
