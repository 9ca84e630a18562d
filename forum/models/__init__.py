"""The domain model (see DESIGN.md), split by domain; import models from here."""
import forum.models.one_line  # noqa: F401  (before any model is configured: its OneLine columns keep one line)
from forum.models.analysis import AnalysisRun, CodebookCode, CorrectionStep, IdeaTheme, Theme
from forum.models.base import CLIENT_ID_PATTERN, new_token, new_uuid, utcnow
from forum.models.evaluations import Answer, Choice, EvaluationQuestion, EvaluationResponse, choices_of
from forum.models.forums import STEERING_MODELS, Forum, RoomClosing, Round, StakeholderGroup, Table
from forum.models.ideas import IDEA_TEXT_MAX, IdeaCard
from forum.models.jobs import Job
from forum.models.mail import MAIL_TOPIC_NAMES, MAIL_TOPICS, MailOptOut, SentMail
from forum.models.members import Invitation, Membership, Organization, RemovedRole
from forum.models.people import DeviceMove, EndedLogin, Participant, SteeringSignup, User
from forum.models.plans import ACTION_STATUSES, ActionItem, ActionItemChange, FollowUp
from forum.models.translated import Translated, missing_in
from forum.models.reports import ReportChart, ReportDraft, ReportPage, ReportText, ReviewComment, ReviewLink
from forum.models.series import Series
from forum.models.votes import Ballot, BallotItem, Vote

__all__ = [
    "ACTION_STATUSES", "AnalysisRun", "Answer", "ActionItem", "ActionItemChange", "Ballot", "BallotItem", "Choice",
    "CorrectionStep", "EvaluationQuestion", "EvaluationResponse", "FollowUp", "Forum", "IDEA_TEXT_MAX", "IdeaCard",
    "IdeaTheme", "Invitation", "Job", "MAIL_TOPIC_NAMES", "MAIL_TOPICS", "MailOptOut", "Membership", "Organization",
    "Participant",
    "ReportDraft", "ReportText", "ReviewComment", "ReviewLink", "RoomClosing", "Round", "STEERING_MODELS", "SentMail",
    "StakeholderGroup", "SteeringSignup", "Table", "Theme", "Translated", "User", "Vote", "missing_in", "new_token",
    "CLIENT_ID_PATTERN", "new_uuid", "utcnow", "choices_of",
    "CodebookCode", "Series", "RemovedRole", "ReportPage", "ReportChart", "EndedLogin", "DeviceMove",
]
