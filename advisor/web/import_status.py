"""The status page of an import job, and its JSON for the page's polling: one shape for every
kind of CSV import (catalog, outcomes)."""

from __future__ import annotations

from flask import Response, abort, jsonify, render_template

from advisor.models import ImportJob, ImportKind
from advisor.services import import_jobs


def job_or_404(job_id: int, kind: ImportKind) -> ImportJob:
    job = import_jobs.get_job(job_id, kind)
    if job is None:
        abort(404)
    return job


def status_page(job: ImportJob, noun: str, status_url: str, json_url: str,
                links: list[tuple[str, str]]) -> str:
    return render_template("imports/status.html", job=import_jobs.view_of(job), noun=noun,
                           status_url=status_url, json_url=json_url, links=links)


def status_json(job: ImportJob) -> Response:
    response = jsonify(import_jobs.view_of(job).as_json())
    response.headers["Cache-Control"] = "no-store"
    return response
