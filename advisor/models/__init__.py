"""Database models. Import them from here so every table is registered on the metadata."""

from advisor.models.api_token import ApiToken
from advisor.models.audit import AuditEntry
from advisor.models.catalog_state import CatalogState, current_catalog_revision
from advisor.models.import_job import ImportJob, ImportKind, ImportStatus
from advisor.models.outcome import Outcome, OutcomeSeason
from advisor.models.office_settings import OfficeSettings, RetentionAction, get_office_settings
from advisor.models.plugin_error import PluginErrorEntry
from advisor.models.program import Program
from advisor.models.program_note import ProgramNote
from advisor.models.season_checklist import SeasonChecklist
from advisor.models.share_link import ShareLink
from advisor.models.sign_in_counter import SignInCounter
from advisor.models.student import ClinicalExperience, RegionalTie, Student, UsLetter
from advisor.models.user import User
from advisor.models.working_list import ListEntry, WorkingList

__all__ = [
    "AuditEntry",
    "ApiToken",
    "CatalogState",
    "ClinicalExperience",
    "ImportJob",
    "ImportKind",
    "ImportStatus",
    "ListEntry",
    "OfficeSettings",
    "Outcome",
    "OutcomeSeason",
    "PluginErrorEntry",
    "Program",
    "ProgramNote",
    "RegionalTie",
    "RetentionAction",
    "SeasonChecklist",
    "ShareLink",
    "SignInCounter",
    "Student",
    "UsLetter",
    "User",
    "WorkingList",
    "current_catalog_revision",
    "get_office_settings",
]
