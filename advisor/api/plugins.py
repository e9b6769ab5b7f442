"""GET /api/v1/plugins: the installed plugins, as `flask --app advisor plugins list` shows them."""

from __future__ import annotations

from flask import current_app

from advisor.api.base import ApiBlueprint
from advisor.api.schemas import PluginSchema
from advisor.plugin_registry import get_registry

bp = ApiBlueprint("api_plugins", __name__, url_prefix="/api/v1/plugins", title="Plugins",
                  description="The core's scoring rules and the region strategy plugins.")


@bp.route("", methods=["GET"])
@bp.response(200, PluginSchema(many=True))
def list_plugins():
    """List plugins

    Each plugin's version, whether it is enabled, the hooks it implements and its regions.
    """
    registry = get_registry()
    regions = registry.plugin_regions()
    return current_app.json.response([{
        "name": info.name,
        "version": info.version or "",
        "enabled": info.enabled,
        "state": "enabled" if info.enabled else ("failed to load" if info.load_error
                                                 else "disabled"),
        "hooks": list(info.hooks),
        "regions": [{"slug": r.slug, "name": r.name} for r in regions.get(info.name, [])],
    } for info in registry.plugins()])
