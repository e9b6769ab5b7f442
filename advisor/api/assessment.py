"""POST /api/v1/assess: assess a profile sent in the body, as `flask --app advisor assess` does."""

from __future__ import annotations

import json
from typing import Any

from flask import current_app

from advisor.api.base import ApiBlueprint
from advisor.api.errors import bad_input
from advisor.api.schemas import AssessmentSchema, AssessQuery
from advisor.enums import Role
from advisor.plugin_registry import CORE_PLUGIN_NAME, PluginWarning, get_registry
from advisor.profile_schema import ProfileError, ProfileSchema
from advisor.scoring.planner import NO_EDITS, ListEdits
from advisor.services.assessment import assess_profile

bp = ApiBlueprint("api_assessment", __name__, url_prefix="/api/v1", title="Assessment",
                  description="Scores, tiers, the application list and advice for a profile.")


def assessment_response(profile: dict[str, Any], query: dict[str, Any],
                        drop_unknown_regions: bool = False,
                        season_year: int | None = None, edits: ListEdits = NO_EDITS):
    """The `assess` CLI's JSON for a parsed profile, with the query's specialty and top.

    With `drop_unknown_regions` (a stored student), a target region no enabled plugin offers
    is left out with a warning instead of failing, as on the advice page. `season_year` is a
    stored student's application season (default: the configured one); `edits` the pins and
    exclusions of a stored student's working list.
    """
    known = get_registry().regions()
    unknown = [slug for slug in profile["target_regions"] if slug not in known]
    if drop_unknown_regions and unknown:
        profile = {**profile, "target_regions": [s for s in profile["target_regions"] if s in known]}
    try:
        result = assess_profile(profile, query.get("specialty"), season_year=season_year,
                                edits=edits)
    except ProfileError as exc:
        raise bad_input(exc.lines) from None
    if drop_unknown_regions and unknown:
        result.warnings.append(PluginWarning(
            CORE_PLUGIN_NAME, f"Not assessed for {', '.join(unknown)}: no enabled plugin offers "
                              + ("this region." if len(unknown) == 1 else "these regions.")))
    # Serialised as the CLI does (keys in the same order), not through Flask's sorted JSON.
    return current_app.response_class(json.dumps(result.to_dict(top=query.get("top"))),
                                      mimetype="application/json")


@bp.route("/assess", methods=["POST"])
@bp.requires(Role.ADVISOR)
@bp.errors(400, 413)
@bp.arguments(AssessQuery, location="query")
@bp.arguments(ProfileSchema, description="A student profile: the file `flask --app advisor "
                                         "assess` reads")
@bp.response(200, AssessmentSchema)
def assess(query: dict[str, Any], profile: dict[str, Any]):
    """Assess a profile

    Nothing is stored. The answer is exactly what `flask --app advisor assess PROFILE.json
    [--specialty CODE] [--top N]` prints; `specialty` and `top` go in the query string.
    """
    return assessment_response(profile, query)
