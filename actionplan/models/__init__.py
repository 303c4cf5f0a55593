from actionplan.models.action import Action, ActionLead, Evidence, ProgressNote, Status
from actionplan.models.appendix import PaperAppendix
from actionplan.models.indicator import Indicator, IndicatorTarget, IndicatorValue
from actionplan.models.notice import NoticePreference, SentNotice
from actionplan.models.paper import Paper, PaperType
from actionplan.models.paper_render import PaperRender
from actionplan.models.plan import (
    AreaOfActivity,
    GlossaryTerm,
    PartnerOrganisation,
    Person,
    Plan,
    Rag,
    Recommendation,
    RecommendationSummary,
    TimescaleGroup,
)
from actionplan.models.reporting import ReportingCalendar, ReportingDate
from actionplan.models.signin import PasswordResetRequest
from actionplan.models.signoff import CompletionClaim
from actionplan.models.token import ApiToken
from actionplan.models.worker import ScheduleRun, WorkerLease

__all__ = [
    "Action",
    "ApiToken",
    "ActionLead",
    "AreaOfActivity",
    "CompletionClaim",
    "Evidence",
    "GlossaryTerm",
    "Indicator",
    "IndicatorTarget",
    "IndicatorValue",
    "NoticePreference",
    "Paper",
    "PaperAppendix",
    "PaperRender",
    "PaperType",
    "PartnerOrganisation",
    "PasswordResetRequest",
    "Person",
    "Plan",
    "ProgressNote",
    "Rag",
    "Recommendation",
    "ReportingCalendar",
    "ReportingDate",
    "ScheduleRun",
    "SentNotice",
    "RecommendationSummary",
    "Status",
    "TimescaleGroup",
    "WorkerLease",
]
