"""Build a consortium: the suggested consortium for a topic and a pool, pin or ban a
partner and see the result change, "who fills this gap", and the report's downloads.

The builder is the command line's (``pipeline.ConsortiumBuilder``: ``suggest`` as
``consortium suggest``, ``fill`` as ``consortium fill``), fitted once per topic and pool
on the jobs' thread; downloads are ``render.output``'s writers, the ones ``--out`` uses,
so a DOCX from the page is the DOCX of the command line.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from consortium.errors import ConsortiumError, InputError
from consortium.web.app import page
from consortium.web.forms import BuildForm
from consortium.web.partner_views import waiting
from consortium.web.state import NotFound, ServerState, configured

router = APIRouter()
MEDIA = {"markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
         "json": "application/json", "csv": "text/csv; charset=utf-8",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


def topic_choice(request: Request, action: str, title: str) -> Response:
    """The menu's entry without a topic: pick one (``?topic=`` goes straight there)."""
    state: ServerState = request.app.state.web
    chosen = request.query_params.get("topic", "").strip()
    if chosen:
        call = state.call(chosen)
        from urllib.parse import quote

        return RedirectResponse(f"/{action}/{quote(call.id, safe='')}", status_code=303)
    from consortium.web.topic_views import topic_rows

    return page(request, "choose.html.j2", rows=topic_rows(state), action=action,
                title=title)


def fitted(request: Request, topic: str, form: BuildForm) -> tuple[Any, Any] | Response:
    """(call, builder with this form's settings), or the page to show instead: the
    progress of the fit, or the form with its error."""
    state: ServerState = request.app.state.web
    try:
        settings = form.settings()
        pool = state.check_pool(form.pool)
        call = state.call(topic, form.option)
    except NotFound:
        raise
    except ConsortiumError as exc:
        return page(request, "build.html.j2", 400, form=form, topic=topic, call=None,
                    error=one_line(exc), pools=state.pool_choices(), report=None)
    job = state.builder_job(pool, call.id, form.option, settings)
    if not job.finished:
        return waiting(request, job, f"Matching {call.id} against the pool")
    if job.status == "failed":
        return page(request, "build.html.j2", 400, form=form, topic=topic, call=call,
                    error=job.error, pools=state.pool_choices(), report=None)
    return call, configured(job.result, settings)


def report_for(form: BuildForm, builder: Any) -> Any:
    """The suggested consortium, or the given one scored when the form names members."""
    if form.members:
        return builder.score(list(form.members), form.coordinator or None)
    return builder.suggest(list(form.include), list(form.exclude), form.n_alternatives())


@router.get("/build", response_model=None)
def build_menu(request: Request) -> Response:
    return topic_choice(request, "build", "Build a consortium")


@router.get("/build/{topic}", response_model=None)
def build(request: Request, topic: str) -> Response:
    state: ServerState = request.app.state.web
    form = BuildForm.read(request.query_params)
    got = fitted(request, topic, form)
    if isinstance(got, Response):
        return got
    call, builder = got
    try:
        report = report_for(replace(form, members=()), builder)
    except ConsortiumError as exc:
        return page(request, "build.html.j2", 400, form=form, topic=call.id, call=call,
                    error=one_line(exc), pools=state.pool_choices(), report=None)
    return page(request, "build.html.j2", form=form, topic=call.id, call=call,
                report=report, error="", pools=state.pool_choices(), formats=MEDIA)


@router.get("/build/{topic}/fill", response_model=None)
def fill(request: Request, topic: str, requirement: str = "", top: int = 10) -> Response:
    """Who would fill a gap: ``consortium fill`` for the members shown, the candidates
    that improve ``requirement`` first."""
    form = BuildForm.read(request.query_params)
    got = fitted(request, topic, form)
    if isinstance(got, Response):
        return got
    call, builder = got
    if not form.members:
        raise InputError("members", "name the consortium so far (the Build page's "
                         "'who fills this gap' links do)")
    ranking = builder.fill(list(form.members), max(1, min(top, 50)))

    def gain_on(candidate: Any) -> float:
        found = [i.after - i.before for i in candidate.improves
                 if i.requirement == requirement]
        return found[0] if found else 0.0

    candidates = sorted(ranking.candidates, key=lambda c: -gain_on(c)) if requirement \
        else ranking.candidates
    wanted = next((r for r in call.requirements if r.id == requirement), None)
    return page(request, "fill.html.j2", form=form, call=call, ranking=ranking,
                candidates=candidates, requirement=wanted, gain_on=gain_on)


@router.get("/{action}/{topic}/download/{fmt}", response_model=None)
def download(request: Request, action: str, topic: str, fmt: str) -> Response:
    """The page's report as a file, written by the writers ``--out`` uses."""
    from consortium.render.output import WRITERS

    if action not in ("build", "review") or fmt not in MEDIA:
        raise NotFound(fmt, "no such download (markdown, html, docx, xlsx, csv or json)")
    state: ServerState = request.app.state.web
    form = BuildForm.read(request.query_params)
    got = fitted(request, topic, form)
    if isinstance(got, Response):
        return got
    call, builder = got
    report = report_for(form, builder)
    tdir = state.config.template_dir
    from pathlib import Path

    content = WRITERS["consortium"][fmt](report, Path(tdir) if tdir else None)
    from consortium.render.formats import EXTENSIONS

    name = re.sub(r"[^A-Za-z0-9._-]", "_", call.id) + ("-review" if form.members else "") \
        + EXTENSIONS[fmt]
    return Response(content, media_type=MEDIA[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/jobs/{job_id}", response_model=None)
def job_status(request: Request, job_id: str) -> Response:
    """The progress bar's poll: the bar again, or (when done) a reload of the page."""
    state: ServerState = request.app.state.web
    job = state.jobs.get(job_id)
    if job is None:
        raise NotFound(job_id, "no such job (it finished long ago; reload the page)")
    if job.finished:
        return Response(status_code=200, headers={"HX-Refresh": "true"})
    return page(request, "job_bar.html.j2", job=job)
