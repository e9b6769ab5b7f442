"""Strategy guide pages: the index, a guide, who may read them, and misbehaving plugins."""

from __future__ import annotations

import pytest

from advisor.enums import Role
from advisor.extensions import db
from advisor.hooks import hookimpl
from advisor.plugin_registry import get_registry
from advisor.hooks.types import GuidePage
from advisor.models.office_settings import office_settings_for_update

BUILT_IN = {
    "bay_area": "Matching in the San Francisco Bay Area with low scores",
    "los_angeles": "Los Angeles for non-US-citizen IMGs",
    "nationwide": "IMG-friendly programs nationwide",
    "pacific_coast": "The Pacific Coast for non-US IMGs with modest scores",
    "socal": "Southern California for US-citizen IMGs",
}


def make_guides_public(public: bool) -> None:
    office_settings_for_update().guides_public = public
    db.session.commit()


@pytest.fixture
def fake_plugin(app):  # type: ignore[no-untyped-def]
    """fake_plugin(obj) registers `obj` as the plugin "fake" for one test."""
    registry = get_registry(app)
    registered = []

    def register(plugin: object, name: str = "fake") -> None:
        registry.register(plugin, name)
        registered.append(name)

    yield register
    for name in registered:
        registry.unregister(name)


def test_the_index_lists_every_built_in_guide_with_its_title_and_a_link(viewer_client):
    response = viewer_client.get("/guides/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for slug, title in BUILT_IN.items():
        assert title in page
        assert f'href="/guides/{slug}"' in page
    assert "Where IMGs with modest scores match across the US" in page  # a summary


def test_a_guide_page_renders_its_markdown(viewer_client):
    response = viewer_client.get("/guides/socal")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h2>The programs and what they look for</h2>" in page
    assert "<strong>Academic centres</strong>" in page
    # The body's own first heading repeats the title, which is already the page's heading.
    assert page.count("<h1>") == 1
    assert "<h1>Southern California for US-citizen IMGs</h1>" in page


def test_an_unknown_guide_is_not_found(viewer_client):
    assert viewer_client.get("/guides/atlantis").status_code == 404
    assert viewer_client.get("/guides/..%2Fadmin").status_code == 404


def test_private_guides_send_people_without_an_account_to_sign_in(client):
    make_guides_public(False)
    for url in ("/guides/", "/guides/socal"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login?next=" in response.headers["Location"]


def test_public_guides_are_readable_without_an_account_and_show_no_staff_links(client):
    make_guides_public(True)
    index = client.get("/guides/")
    assert index.status_code == 200
    assert BUILT_IN["nationwide"] in index.get_data(as_text=True)
    guide = client.get("/guides/nationwide")
    assert guide.status_code == 200
    page = guide.get_data(as_text=True)
    assert "<h2>Building the list</h2>" in page
    for staff_only in ('href="/students/', 'href="/programs/', 'href="/admin/', "Sign out"):
        assert staff_only not in page
    assert client.get("/guides/atlantis").status_code == 404


def test_a_plugin_whose_guide_hook_raises_is_skipped_and_its_error_recorded(app, fake_plugin,
                                                                            login):
    class Broken:
        @hookimpl
        def advisor_guide(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("guide file missing")

    fake_plugin(Broken())
    client = login(Role.ADMIN)
    response = client.get("/guides/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert all(title in page for title in BUILT_IN.values())
    assert "plugins page" in page  # admins are told where to look
    errors = get_registry(app).recent_errors("fake")
    assert [(e.hook, e.message) for e in errors] == [
        ("advisor_guide", "RuntimeError: guide file missing")]
    # An advisor is not pointed at a page they cannot open.
    assert "plugins page" not in login(Role.ADVISOR).get("/guides/").get_data(as_text=True)


def test_malformed_guide_answers_are_skipped_and_good_pages_kept(app, fake_plugin, viewer_client):
    class Mixed:
        @hookimpl
        def advisor_guide(self):  # type: ignore[no-untyped-def]
            return [
                GuidePage("harbor", "Harbor strategy", "By the sea", "## Ports\n\nText."),
                GuidePage("../etc", "Sneaky", "Bad slug", "x"),
                GuidePage("socal", "Copy", "Taken slug", "x"),
            ]

    class WrongType:
        @hookimpl
        def advisor_guide(self):  # type: ignore[no-untyped-def]
            return "# Just a string"

    fake_plugin(Mixed(), "mixed")
    fake_plugin(WrongType(), "wrong")
    page = viewer_client.get("/guides/").get_data(as_text=True)
    assert "Harbor strategy" in page
    assert "Sneaky" not in page and "Copy" not in page
    assert "<h2>Ports</h2>" in viewer_client.get("/guides/harbor").get_data(as_text=True)
    registry = get_registry(app)
    mixed = [e.message for e in registry.recent_errors("mixed")]
    assert any("'../etc'" in m for m in mixed)
    assert any("already used by socal" in m for m in mixed)
    assert "expected a list of GuidePage, got str" in registry.recent_errors("wrong")[0].message


def test_guide_text_cannot_inject_html(fake_plugin, viewer_client):
    class Sly:
        @hookimpl
        def advisor_guide(self):  # type: ignore[no-untyped-def]
            return GuidePage("sly", "Sly <b>title</b>", "<i>summary</i>",
                             "<script>alert(1)</script>\n\n[x](javascript:alert(1))")

    fake_plugin(Sly())
    index = viewer_client.get("/guides/").get_data(as_text=True)
    assert "Sly &lt;b&gt;title&lt;/b&gt;" in index and "<i>summary</i>" not in index
    page = viewer_client.get("/guides/sly").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page
    assert 'href="javascript:' not in page
