"""ORM entities, engine set-up, queries and operations; no Flask here."""

from models.alerts import Alert, AlertEvent
from models.assessment import (
    DegradationConclusion,
    DepartmentHead,
    EvaluationScore,
    EvaluationSheet,
    TaskAssignment,
    TaskWaiver,
)
from models.audit import AuditChainHead, AuditEntry
from models.base import Base
from models.dashboards import DashboardDay, DashboardMonth
from models.devices import (
    LockoutAlert,
    OfficerSignIn,
    PairingCode,
    PinLockout,
    PinLockoutEvent,
    Tablet,
)
from models.evaluation import (
    BreachEntry,
    DisciplineDecision,
    DossierImport,
    DossierStat,
    EvaluationMonth,
    LeaderAssessment,
    MonthEvent,
    RubricVersion,
    YearGrading,
)
from models.flags import RatingFlag, RatingOrigin, SurveyLookup
from models.input_state import EvaluationInputState, RatingChange, RatingDayChange
from models.jobs import JobRun
from models.leadership import LeadingPost, OutstandingUnit
from models.org import Counter, Department, Officer, Site, counter_assignments
from models.questionnaires import QuestionItem, Questionnaire, QuestionnaireVersion
from models.ratings import Rating, RatingAnswer, RatingContest
from models.register import Dossier, DossierChange, RegisterImport, RegisterMapping
from models.sessions import StaffSession
from models.settings import Setting
from models.staff import RecoveryCode, User, user_departments
from models.submissions import FormSubmission
from models.throttles import ThrottleWindow
from models.visits import ApiKey, Visit

__all__ = [
    "Alert",
    "AlertEvent",
    "ApiKey",
    "AuditChainHead",
    "AuditEntry",
    "Base",
    "BreachEntry",
    "Counter",
    "DashboardDay",
    "DashboardMonth",
    "DegradationConclusion",
    "Department",
    "DepartmentHead",
    "DisciplineDecision",
    "Dossier",
    "DossierChange",
    "DossierImport",
    "DossierStat",
    "EvaluationInputState",
    "EvaluationMonth",
    "EvaluationScore",
    "EvaluationSheet",
    "FormSubmission",
    "JobRun",
    "LeaderAssessment",
    "LeadingPost",
    "LockoutAlert",
    "MonthEvent",
    "Officer",
    "OfficerSignIn",
    "OutstandingUnit",
    "PairingCode",
    "PinLockout",
    "PinLockoutEvent",
    "QuestionItem",
    "Questionnaire",
    "QuestionnaireVersion",
    "Rating",
    "RatingAnswer",
    "RatingChange",
    "RatingContest",
    "RatingDayChange",
    "RatingFlag",
    "RatingOrigin",
    "RecoveryCode",
    "RegisterImport",
    "RegisterMapping",
    "RubricVersion",
    "Setting",
    "Site",
    "StaffSession",
    "SurveyLookup",
    "Tablet",
    "TaskAssignment",
    "TaskWaiver",
    "ThrottleWindow",
    "User",
    "Visit",
    "YearGrading",
    "counter_assignments",
    "user_departments",
]
