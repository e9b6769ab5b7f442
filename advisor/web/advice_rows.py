"""The advice page's program tables as HTML, built in Python rather than Jinja.

A list holds 100 to 150 programs with about 14 reasons each, and up to 200 ruled-out programs
are explained one by one: as Jinja macros that was some 1,400 macro calls a page, which took as
long as the assessment itself. These functions write the same markup at a fraction of the
cost; every value is escaped as Jinja's autoescape would.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask import url_for
from markupsafe import Markup, escape

from advisor.enums import Factor, Tier
from advisor.scoring.chances import chance_text
from advisor.scoring.results import Reason, ScoredProgram
from advisor.web.worklist_rows import hidden_fields, row_anchor, worklist_cell

if TYPE_CHECKING:
    from advisor.web.advice_page import AdvicePage, IneligibleView


def delta_html(value: float) -> str:
    kind = " up" if value > 0 else " down" if value < 0 else ""
    return f'<span class="delta{kind}">{f"{value:+.1f}" if value else "0"}</span>'


def reasons_html(page: AdvicePage, reasons: list[Reason],
                 written: dict[tuple[Reason, bool], str] | None = None) -> str:
    """The reasons that move the score, grouped under their factor's name, the group with the
    largest change first and, within a group, changes before tier limits; then, folded away,
    the ones that add nothing: already counted from another source, or no change at all.
    `written` keeps each distinct line of one page: its 1,500 reason lines hold about 200
    distinct ones."""
    if written is None:
        written = {}

    def line(r: Reason, labelled: bool) -> str:
        text = written.get((r, labelled))
        if text is None:
            text = written[r, labelled] = reason_html(
                page, r, f'<span class="factor">{escape(r.factor.label)}:</span> '
                if labelled else "")
        return text

    moving: dict[Factor, list[Reason]] = {}
    quiet: list[Reason] = []
    for r in reasons:
        if r.counted and (r.delta or r.tier_cap is not None):
            moving.setdefault(r.factor, []).append(r)
        else:
            quiet.append(r)
    groups = sorted(moving.values(), key=lambda group: -max(abs(r.delta) for r in group))
    items: list[str] = []
    for group in groups:
        group.sort(key=lambda r: r.tier_cap is not None)  # stable: the page's order otherwise
        items.extend(line(r, i == 0) for i, r in enumerate(group))
    html = f'<ul class="reasons">{"".join(items)}</ul>' if items else ""
    if quiet:
        html += (f'<details class="also-noted"><summary>Also noted ({len(quiet)}), adding '
                 'nothing to the score</summary><ul class="reasons">'
                 + "".join(line(r, False) for r in quiet) + "</ul></details>")
    return html


def reason_html(page: AdvicePage, r: Reason, label: str = "") -> str:
    """One reason: its change (or, for a tier limit, the limit), what it says and its source."""
    parts = ["<li>", label]
    if r.tier_cap is not None and not r.delta:
        # Shown as the limit, not as "0"; the text usually says the limit itself.
        if "at best" not in r.text.lower() or r.tier_cap is Tier.INELIGIBLE:
            cap = ("rules the program out" if r.tier_cap is Tier.INELIGIBLE
                   else f"{escape(r.tier_cap.label.lower())} at best")
            parts.append(f'<span class="badge">{cap}</span> ')
        parts.append(escape(r.text))
    else:
        parts += [delta_html(r.delta if r.counted else 0), " ", escape(r.text)]
    if not r.counted:
        parts.append(f' <span class="muted">({escape(r.factor.label.lower())} already '
                     "counted once)</span>")
    if r.cap_superseded:
        parts.append(' <span class="muted">(a stricter limit applies)</span>')
    parts.append(f' <span class="source">({escape(page.source_name(r.source))})</span></li>')
    return "".join(parts)


def _place(city: str | None, state: str) -> str:
    return f"{escape(city)}, {escape(state)}" if city else str(escape(state))


def signal_badge(page: AdvicePage, e: ScoredProgram) -> str:
    """The ERAS signal marker of a listed program, or nothing."""
    kind = page.signals.kind(e.program.acgme_id)
    if kind is None:
        return ""
    return f' <span class="badge signal signal-{kind.value}">{escape(kind.label)}</span>'


def website_link(url: str | None, name: str) -> str:
    """A link to the program's own website, when the catalog has a web address for it."""
    if not url or not url.startswith(("https://", "http://")):
        return ""
    return (f' <a class="website" href="{escape(url)}" rel="noopener noreferrer">website'
            f'<span class="visually-hidden"> of {escape(name)}</span></a>')


def program_rows(page: AdvicePage, entries: Iterable[ScoredProgram]) -> Markup:
    """The rows of one tier's table: program, location, chance, score and its reasons, and on
    the staff page the working list's cell. Names link to the program's page (staff only: a
    share link's reader has no account) and its website."""
    specialty = page.student.specialty
    worklist = page.worklist
    # Built once: url_for per row would cost a tenth of the rows' time.
    program_url = "" if page.shared else url_for("programs.detail", acgme_id="0").rstrip("0")
    list_url = ("" if worklist is None else
                url_for("working_list.edit", student_id=page.student.id, acgme_id="0").rstrip("0"))
    hidden = "" if worklist is None else hidden_fields(worklist)  # the same in every row
    rows = []
    written: dict[tuple[Reason, bool], str] = {}
    shown = list(entries)
    ids = [e.program.acgme_id for e in shown]
    for i, e in enumerate(shown):
        p = e.program
        # Where the list goes on if this program is excluded: the next row, else the one before.
        near = ids[i + 1] if i + 1 < len(ids) else ids[i - 1] if i else ""
        reasons = page.reasons(e)
        institution = (f'<br><span class="muted">{escape(p.institution)}</span>'
                       if p.institution else "")
        backup = f" · {escape(p.specialty.label)} (backup)" if p.specialty != specialty else ""
        name = (f'<a href="{program_url}{escape(p.acgme_id)}">{escape(p.name)}</a>'
                if program_url else str(escape(p.name)))
        cell = ("" if worklist is None else
                worklist_cell(worklist, p.acgme_id, p.name, f"{list_url}{escape(p.acgme_id)}",
                              near, hidden))
        rows.append(
            f'<tr id="{row_anchor(str(escape(p.acgme_id)))}"><td>{name}{signal_badge(page, e)}'
            f"{website_link(p.website, p.name)}{institution}"
            f'<br><span class="source">{escape(p.acgme_id)}{backup}</span></td>'
            f"<td>{_place(p.city, p.state)}</td>"
            f'<td class="num chance">{chance_text(e.chance)}</td>'
            f'<td class="num">{e.score:.1f}<span class="muted"> / 100</span></td>'
            f'<td><details class="reasons-details"><summary>{len(reasons)} '
            f"reason{'s' if len(reasons) != 1 else ''}</summary>"
            f"{reasons_html(page, reasons, written)}"
            f"</details></td>{cell}</tr>")
    return Markup("\n".join(rows))  # noqa: S704 - every value above is escaped


def ineligible_rows(page: AdvicePage, items: Iterable[IneligibleView]) -> Markup:
    """The rows of the ruled-out table: program, location and the requirements it fails."""
    rows = []
    for item in items:
        p = item.entry.program
        why = "".join(f'<li>{escape(r.text)} <span class="source">'
                      f"({escape(page.source_name(r.source))})</span></li>" for r in item.why)
        rows.append(f'<tr><td>{escape(p.name)}<br><span class="source">{escape(p.acgme_id)}'
                    f"</span></td><td>{_place(p.city, p.state)}</td>"
                    f'<td><ul class="reasons">{why}</ul></td></tr>')
    return Markup("\n".join(rows))  # noqa: S704 - every value above is escaped
