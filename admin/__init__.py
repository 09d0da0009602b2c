"""Staff side: the console, reports and the staff commands of the `hailong` CLI."""


def init_app(app) -> None:
    """Mount the console and register the staff commands.

    The modules are imported here, not with the package, so that a staff command's module
    (``admin.report_cli``) can be imported without the console's views (`hailong report
    --help`, issue 17).
    """
    from admin import (  # noqa: F401 - the topic modules hang routes on bp
        account,
        account_cli,
        account_factor,
        accounts,
        alert_mail,
        alerts,
        annual,
        annual_mail,
        apikey_cli,
        apikeys,
        assessment,
        audit_cli,
        audit_log,
        auth,
        backup_cli,
        cli,
        contests,
        counters,
        dashboard,
        dashboard_cli,
        departments,
        dossier_import,
        downloads,
        evaluation_exports,
        flag_cli,
        flag_text,
        flags,
        inputs,
        leadership,
        login,
        month_cli,
        months,
        my_ratings,
        nav,
        officer_import,
        officer_tools,
        officers,
        org_settings,
        posters,
        questionnaires,
        ranking,
        ratings,
        register,
        register_cli,
        report_cli,
        reports,
        rubrics,
        scope,
        second_factor,
        sheets,
        sites,
        staff_marker,
        tablets,
        task_inputs,
        throttle,
        views,
        visits,
    )
    from admin.blueprint import bp

    auth.init_app(app)
    throttle.init_app(app)
    second_factor.init_app(app)
    account.init_app(app)
    nav.init_app(app)
    scope.init_app(app)
    alerts.init_app(app)
    alert_mail.init_app(app)
    app.register_blueprint(bp)
    cli.init_app(app)
    apikey_cli.init_app(app)
    audit_cli.init_app(app)
    account_cli.init_app(app)
    month_cli.init_app(app)
    report_cli.init_app(app)
    register_cli.init_app(app)
    dashboard_cli.init_app(app)
    backup_cli.init_app(app)
    flag_cli.init_app(app)
