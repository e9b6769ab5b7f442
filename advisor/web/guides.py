"""Strategy guides: one general page per region plugin, and their index.

Staff always read them; whether people without an account may is an office setting.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, abort, render_template
from flask_login import current_user

from advisor.auth.sessions import login_manager
from advisor.models import get_office_settings
from advisor.services.guides import collect_guides

bp = Blueprint("guides", __name__)


def readable(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let anyone in when the office has made the guides public, else signed-in staff only."""
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated and not get_office_settings().guides_public:
            return login_manager.unauthorized()
        return view(*args, **kwargs)
    return wrapped


@bp.get("/guides/")
@readable
def index():
    found = collect_guides()
    return render_template("guides/index.html", guides=found.guides,
                           some_failed=bool(found.warnings))


@bp.get("/guides/<slug>")
@readable
def page(slug: str):
    guide = collect_guides().find(slug)
    if guide is None:
        abort(404)
    return render_template("guides/page.html", guide=guide)
