"""ORM entities, engine set-up, queries and operations; no Flask here."""

from models.alerts import Alert, AlertEvent
from models.audit import AuditEntry
from models.base import Base
from models.dashboards import DashboardMonth
from models.devices import OfficerSignIn, PairingCode, PinLockout, Tablet
from models.evaluation import (
    BreachEntry,
    DisciplineDecision,
    DossierImport,
    DossierStat,
    EvaluationMonth,
    LeaderAssessment,
    MonthEvent,
    RubricVersion,
)
from models.org import Counter, Department, Officer, Site, counter_assignments
from models.questionnaires import QuestionItem, Questionnaire, QuestionnaireVersion
from models.ratings import Rating, RatingAnswer, RatingContest
from models.register import Dossier, DossierChange, RegisterImport, RegisterMapping
from models.settings import Setting
from models.staff import User, user_departments
from models.visits import ApiKey, Visit

__all__ = [
    "Alert",
    "AlertEvent",
    "ApiKey",
    "AuditEntry",
    "Base",
    "BreachEntry",
    "Counter",
    "DashboardMonth",
    "Department",
    "DisciplineDecision",
    "Dossier",
    "DossierChange",
    "DossierImport",
    "DossierStat",
    "EvaluationMonth",
    "LeaderAssessment",
    "MonthEvent",
    "Officer",
    "OfficerSignIn",
    "PairingCode",
    "PinLockout",
    "QuestionItem",
    "Questionnaire",
    "QuestionnaireVersion",
    "Rating",
    "RatingAnswer",
    "RatingContest",
    "RegisterImport",
    "RegisterMapping",
    "RubricVersion",
    "Setting",
    "Site",
    "Tablet",
    "User",
    "Visit",
    "counter_assignments",
    "user_departments",
]
