"""Every console route, walked with every role: allowed, forbidden (403) or sent to log-in.

A new console route fails this test until it is added to ROUTES with the roles allowed.
Every method a route answers is walked (a form's GET and its POST).
"""

import uuid

import pytest
from flask import url_for

from models import ApiKey, RatingContest, Tablet
from models.staff import ROLES

ALL = ("leader", "hr", "liaison", "officer")
READERS = ("leader", "hr")
DEPARTMENT_READERS = ("leader", "hr", "liaison")
LEADER = ("leader",)
ADMIN_ONLY = ()
RATING_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")

#: endpoint → (methods, URL arguments, roles allowed besides admin; "public" for log-in pages).
ROUTES = {
    "admin.login": ("GET POST", {}, "public"),
    "admin.login_code": ("GET POST", {}, "public"),
    "admin.login_enrol": ("GET POST", {}, "public"),
    "admin.logout": ("POST", {}, "public"),
    "admin.static": ("GET", {"filename": "css/console.css"}, "public"),
    "admin.home": ("GET", {}, ALL),
    "admin.change_password": ("GET POST", {}, ALL),
    "admin.account_sessions": ("GET POST", {}, ALL),
    "admin.two_factor": ("GET POST", {}, ALL),
    # alerts
    "admin.alerts": ("GET", {}, DEPARTMENT_READERS),
    "admin.alerts_feed": ("GET", {}, DEPARTMENT_READERS),
    "admin.alert_detail": ("GET", {"alert_id": 1}, DEPARTMENT_READERS),
    "admin.alert_follow_up": ("POST", {"alert_id": 1}, LEADER),
    # ratings, exclusions and contests
    "admin.ratings": ("GET", {}, DEPARTMENT_READERS),
    "admin.rating_detail": ("GET", {"rating_id": RATING_ID}, DEPARTMENT_READERS),
    "admin.rating_exclude": ("POST", {"rating_id": RATING_ID}, LEADER),
    "admin.contests": ("GET", {}, DEPARTMENT_READERS),
    "admin.contest_decide": ("POST", {"contest_id": 1}, LEADER),
    "admin.my_ratings": ("GET", {}, ("officer",)),
    # the review queue: flagged ratings, PIN lock-outs
    "admin.flags": ("GET", {}, DEPARTMENT_READERS),
    "admin.flag_decide": ("POST", {"rating_id": RATING_ID}, LEADER),
    "admin.lockout_alert_close": ("POST", {"alert_id": 1}, LEADER),
    "admin.pin_unlock": ("POST", {"officer_id": 1, "tablet_id": 1}, LEADER),
    "admin.my_rating_contest": ("POST", {"rating_id": RATING_ID}, ("officer",)),
    # master data
    "admin.sites": ("GET", {}, READERS),
    "admin.site_detail": ("GET", {"site_id": 1}, READERS),
    "admin.site_new": ("GET POST", {}, ADMIN_ONLY),
    "admin.site_edit": ("GET POST", {"site_id": 1}, ADMIN_ONLY),
    "admin.api_key_new": ("POST", {"site_id": 1}, ADMIN_ONLY),
    "admin.api_key_revoke": ("POST", {"key_id": 1}, ADMIN_ONLY),
    "admin.departments": ("GET", {}, DEPARTMENT_READERS),
    "admin.department_new": ("GET POST", {}, ADMIN_ONLY),
    "admin.department_edit": ("GET POST", {"department_id": 1}, ADMIN_ONLY),
    "admin.department_head_set": ("POST", {"department_id": 1}, LEADER),
    "admin.counters": ("GET", {}, READERS),
    "admin.counter_new": ("GET POST", {}, ADMIN_ONLY),
    "admin.counter_edit": ("GET POST", {"counter_id": 1}, ADMIN_ONLY),
    "admin.officers": ("GET", {}, DEPARTMENT_READERS),
    "admin.officer_detail": ("GET", {"officer_id": 1}, DEPARTMENT_READERS),
    "admin.officer_new": ("GET POST", {}, ADMIN_ONLY),
    "admin.officer_edit": ("GET POST", {"officer_id": 1}, ADMIN_ONLY),
    "admin.officer_counters": ("GET POST", {"officer_id": 1}, ADMIN_ONLY),
    "admin.officer_photo_upload": ("GET POST", {"officer_id": 1}, ADMIN_ONLY),
    "admin.officer_photo": ("GET", {"officer_id": 1}, DEPARTMENT_READERS),
    "admin.officer_pin": ("GET POST", {"officer_id": 1}, ADMIN_ONLY),
    "admin.officer_import": ("GET POST", {}, ADMIN_ONLY),
    # tablets
    "admin.tablets": ("GET", {}, LEADER),
    "admin.tablet_detail": ("GET", {"tablet_id": 1}, LEADER),
    "admin.tablet_pair": ("GET POST", {}, ADMIN_ONLY),
    "admin.tablet_rename": ("POST", {"tablet_id": 1}, ADMIN_ONLY),
    "admin.tablet_move": ("POST", {"tablet_id": 1}, ADMIN_ONLY),
    "admin.tablet_revoke": ("POST", {"tablet_id": 1}, ADMIN_ONLY),
    # questionnaires
    "admin.questionnaires": ("GET", {}, READERS),
    "admin.questionnaire_version": ("GET", {"version_id": 1}, READERS),
    "admin.questionnaire_clone": ("POST", {"version_id": 1}, LEADER),
    "admin.questionnaire_settings": ("POST", {"version_id": 1}, LEADER),
    "admin.questionnaire_item": ("POST", {"item_id": 1}, LEADER),
    "admin.questionnaire_item_add": ("POST", {"version_id": 1}, LEADER),
    "admin.questionnaire_item_remove": ("POST", {"item_id": 1}, LEADER),
    "admin.questionnaire_activate": ("POST", {"version_id": 1}, LEADER),
    # accounts and the audit log
    "admin.users": ("GET", {}, ADMIN_ONLY),
    "admin.user_new": ("GET POST", {}, ADMIN_ONLY),
    "admin.user_edit": ("GET POST", {"user_id": 1}, ADMIN_ONLY),
    "admin.user_password": ("GET POST", {"user_id": 1}, ADMIN_ONLY),
    "admin.user_toggle": ("POST", {"user_id": 1}, ADMIN_ONLY),
    "admin.user_second_factor_reset": ("POST", {"user_id": 1}, ADMIN_ONLY),
    "admin.user_sessions_end": ("POST", {"user_id": 1}, ADMIN_ONLY),
    "admin.audit_log": ("GET", {}, LEADER),
    # visits, invitations and posters
    "admin.invite": ("GET POST", {}, ("officer",)),
    "admin.invite_visit": ("GET", {"visit_id": 1}, ("officer",)),
    "admin.close_invite": ("POST", {"visit_id": 1}, ("officer",)),
    "admin.visit_qr_svg": ("GET", {"visit_id": 1}, ("officer",)),
    "admin.visit_slip_pdf": ("GET", {"visit_id": 1}, ("officer",)),
    "admin.posters": ("GET", {}, LEADER),
    "admin.counter_poster_pdf": ("GET", {"counter_id": 1}, LEADER),
    "admin.site_posters_pdf": ("GET", {"site_id": 1}, LEADER),
    # monthly evaluation
    "admin.ranking": ("GET", {"month": "2026-10"}, ("leader", "hr", "liaison")),
    "admin.annual": ("GET", {"year": 2026}, ("leader", "hr", "liaison")),
    "admin.annual_grade": ("POST", {"year": 2026}, ("leader",)),
    "admin.annual_settings": ("GET POST", {}, ("leader",)),
    "admin.officer_sheet": ("GET", {"officer_id": 1, "month": "2026-10"},
                            ("leader", "hr", "liaison")),
    "admin.officer_ratings": ("GET", {"officer_id": 1, "month": "2026-10"},
                              ("leader", "hr", "liaison")),
    "admin.my_sheet": ("GET", {"month": "2026-10"}, ("officer",)),
    "admin.months": ("GET", {}, ("leader", "hr")),
    "admin.month_detail": ("GET", {"period": "2026-10"}, ("leader", "hr")),
    "admin.month_close": ("POST", {"period": "2026-10"}, ("leader",)),
    "admin.month_reopen": ("POST", {"period": "2026-10"}, ("leader",)),
    "admin.rubrics": ("GET", {}, ("leader", "hr")),
    "admin.rubric_view": ("GET", {"version_id": 1}, ("leader", "hr")),
    "admin.rubric_clone": ("POST", {"version_id": 1}, ("leader",)),
    "admin.rubric_edit": ("GET POST", {"version_id": 1}, LEADER),
    "admin.rubric_activate": ("POST", {"version_id": 1}, ("leader",)),
    "admin.rubric_retire": ("POST", {"version_id": 1}, ("leader",)),
    "admin.inputs": ("GET", {"month": "2026-10"}, ("leader", "hr")),
    "admin.officer_inputs": ("GET", {"officer_id": 1, "month": "2026-10"}, ("leader", "hr")),
    "admin.dossier_import": ("GET POST", {"month": "2026-10"}, LEADER),
    "admin.breach_add": ("POST", {"officer_id": 1}, ("leader",)),
    "admin.breach_delete": ("POST", {"entry_id": 1}, ("leader",)),
    "admin.discipline_add": ("POST", {"officer_id": 1}, ("leader",)),
    "admin.discipline_delete": ("POST", {"entry_id": 1}, ("leader",)),
    "admin.leader_score_set": ("POST", {"officer_id": 1}, ("leader",)),
    "admin.assignment_set": ("POST", {"officer_id": 1}, LEADER),
    "admin.assignment_import": ("GET POST", {"month": "2026-10"}, LEADER),
    "admin.waiver_add": ("POST", {"officer_id": 1}, LEADER),
    "admin.waiver_delete": ("POST", {"entry_id": 1}, LEADER),
    "admin.degradation_add": ("POST", {"officer_id": 1}, LEADER),
    "admin.degradation_delete": ("POST", {"entry_id": 1}, LEADER),
    "admin.post_add": ("POST", {"officer_id": 1}, LEADER),
    "admin.post_end": ("POST", {"post_id": 1}, LEADER),
    "admin.post_delete": ("POST", {"post_id": 1}, LEADER),
    "admin.outstanding_units": ("GET POST", {}, ADMIN_ONLY),
    "admin.outstanding_unit_delete": ("POST", {"entry_id": 1}, ADMIN_ONLY),
    # the NĐ 335 workflow: self-assessment, review, approval
    "admin.assessment_board": ("GET", {"period": "2026-11"}, ALL),
    "admin.assessment_open": ("POST", {"period": "2026-11"}, LEADER),
    "admin.assessment_remind": ("POST", {"period": "2026-11"}, LEADER),
    "admin.assessment_end": ("POST", {"period": "2026-11"}, LEADER),
    "admin.my_assessment": ("GET", {"period": "2026-11"}, ("officer",)),
    "admin.assessment_sheet": ("GET", {"period": "2026-11", "officer_id": 1}, ALL),
    "admin.assessment_self": ("POST", {"period": "2026-11", "officer_id": 1}, ("officer",)),
    "admin.assessment_review": ("POST", {"period": "2026-11", "officer_id": 1}, ALL),
    "admin.assessment_approve": ("POST", {"period": "2026-11", "officer_id": 1}, LEADER),
    "admin.assessment_send_back": ("POST", {"period": "2026-11", "officer_id": 1}, LEADER),
    "admin.assessment_not_submitted": ("POST", {"period": "2026-11", "officer_id": 1},
                                       LEADER),
    # the dossier register
    "admin.register": ("GET POST", {}, READERS),
    "admin.register_mappings": ("GET", {}, READERS),
    "admin.register_mapping_new": ("GET POST", {}, READERS),
    "admin.register_mapping_edit": ("GET POST", {"mapping_id": 1}, READERS),
    "admin.register_mapping_delete": ("POST", {"mapping_id": 1}, READERS),
    "admin.officer_dossiers": ("GET", {"officer_id": 1, "month": "2026-10"},
                               DEPARTMENT_READERS),
    "admin.my_dossiers": ("GET", {"month": "2026-10"}, ("officer",)),
    # reports and dashboards
    "admin.ranking_pdf": ("GET", {"month": "2026-10"}, DEPARTMENT_READERS),
    "admin.ranking_xlsx": ("GET", {"month": "2026-10"}, DEPARTMENT_READERS),
    "admin.officer_sheet_pdf": ("GET", {"officer_id": 1, "month": "2026-10"},
                                DEPARTMENT_READERS),
    "admin.my_sheet_pdf": ("GET", {"month": "2026-10"}, ("officer",)),
    "admin.evaluations_csv": ("GET", {"period": "2026-10"}, DEPARTMENT_READERS),
    "admin.evaluations_xlsx": ("GET", {"period": "2026"}, DEPARTMENT_READERS),
    "admin.org_settings": ("GET POST", {}, LEADER),
    "admin.dashboard": ("GET", {"month": "2026-10"}, DEPARTMENT_READERS),
}


@pytest.fixture
def sample_data(db, make_officer, make_user, make_rating):
    """One of each thing, so routes with an id in their URL find id 1."""
    officer = make_officer()
    make_user("admin")
    make_rating(officer, level=1, reasons=["LY_DO_CHO_LAU"], id=RATING_ID)  # raises alert 1
    db.add(RatingContest(rating_id=RATING_ID, officer_id=officer.id, reason="Không phải tôi"))
    db.add(Tablet(name="Máy 1", counter_id=officer.counters[0].id, secret_hash="0" * 64))
    db.add(ApiKey(site_id=officer.site_id, name="Hệ thống xếp hàng", prefix="hl_test",
                  key_hash="1" * 64))
    db.commit()


def console_endpoints(app) -> dict[str, set[str]]:
    """Return every console endpoint with the methods it answers."""
    found = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            found.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return found


def test_every_console_route_and_method_is_in_the_table(app):
    table = {endpoint: set(spec[0].split()) for endpoint, spec in ROUTES.items()}
    assert console_endpoints(app) == table


def walks(public: bool):
    return sorted(
        (endpoint, method)
        for endpoint, (methods, _args, roles) in ROUTES.items()
        for method in methods.split()
        if (roles == "public") == public
    )


def _request(client, app, endpoint, method):
    with app.test_request_context():
        url = url_for(endpoint, **ROUTES[endpoint][1])
    response = client.open(url, method=method)
    response.close()
    return response


def test_signed_out_visitors_are_sent_to_log_in(app, client, sample_data):
    wrong = []
    for endpoint, method in walks(public=False) + walks(public=True):
        response = _request(client, app, endpoint, method)
        if ROUTES[endpoint][2] == "public":
            if response.status_code >= 400:
                wrong.append((endpoint, method, response.status_code))
        elif response.status_code != 302 or "/admin/login" not in response.headers["Location"]:
            wrong.append((endpoint, method, response.status_code))
    assert wrong == [], "routes answered wrongly (endpoint, method, status)"


@pytest.mark.parametrize("role", ROLES)
def test_each_role_is_allowed_or_refused(app, client, login, sample_data, role):
    """Walk every route as one signed-in role; list every answer that is wrong."""
    login(role)
    wrong = []
    for endpoint, method in walks(public=False):
        response = _request(client, app, endpoint, method)
        allowed = role == "admin" or role in ROUTES[endpoint][2]
        refused = response.status_code == 403
        to_login = "/admin/login" in response.headers.get("Location", "")
        if response.status_code >= 500 or (allowed and (refused or to_login)) or (
            not allowed and not refused
        ):
            wrong.append((endpoint, method, response.status_code))
    assert wrong == [], f"{role}: routes answered wrongly (endpoint, method, status)"
