"""Review a consortium (``consortium check``), and the cluster manager's views:
partners for a topic (``scout``) and topics for a cluster or a member (``radar``).

A review names its members in the URL (picked by name, or read from an uploaded
consortium file by ``partners.consortium_file.read_consortium``), so its report and
downloads are plain links. Scout and radar run as jobs: a radar over every topic embeds
each topic once, which on a cold cache takes a while.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from consortium.errors import ConsortiumError, InputError
from consortium.web.app import page
from consortium.web.build_views import one_line, report_page, topic_choice
from consortium.web.forms import BuildForm, split_names
from consortium.web.partner_views import waiting
from consortium.web.state import ServerState
from consortium.web.uploads import CONSORTIUM_SUFFIXES, REGISTRY_SUFFIXES, display_name, saved

router = APIRouter()


@router.get("/review", response_model=None)
def review_menu(request: Request) -> Response:
    return topic_choice(request, "review", "Review a consortium")


@router.get("/review/{topic}", response_model=None)
def review(request: Request, topic: str) -> Response:
    state: ServerState = request.app.state.web
    form = BuildForm.read(request.query_params)
    if not form.members:
        call = state.call(topic, form.option)
        return page(request, "review.html.j2", form=form, call=call, report=None, error="",
                    pools=state.pool_choices())
    return report_page(request, "review.html.j2", topic, form)


@router.post("/review/{topic}/upload", response_model=None)
async def review_upload(request: Request, topic: str, file: UploadFile = File(...),
                        pool: str = Form(""), option: str = Form("")) -> Response:
    """A consortium file: a list of members (resolved in the chosen pool) or a registry
    of the members themselves (then it is the pool), as ``consortium check`` reads it."""
    from consortium.partners.consortium_file import is_registry, read_consortium
    from consortium.partners.pool import read_registry

    state: ServerState = request.app.state.web
    call = state.call(topic, option)
    name = display_name(file.filename)
    data = await file.read()

    def work() -> tuple[list[str], str, str]:
        with saved(name, data, tuple(dict.fromkeys(CONSORTIUM_SUFFIXES + REGISTRY_SUFFIXES))
                   ) as path:
            if is_registry(path):
                members = read_registry(path, strict=True).partners
                return [p.id for p in members], "", state.add_pool(name, members, [])
            entries = read_consortium(path)
            lead = next((e.ref for e in entries if e.role == "coordinator"), "")
            return [e.ref for e in entries], lead, pool

    try:
        refs, lead, chosen = await run_in_threadpool(work)
    except ConsortiumError as exc:
        form = BuildForm(pool=pool, option=option)
        return page(request, "review.html.j2", 400, form=form, call=call, report=None,
                    error=one_line(exc), pools=state.pool_choices())
    query = BuildForm(pool=chosen, option=option, members=tuple(refs),
                      coordinator=lead).query()
    return RedirectResponse(f"/review/{quote(call.id, safe='')}?{query}", status_code=303)


@router.get("/scout", response_model=None)
def scout_menu(request: Request) -> Response:
    return topic_choice(request, "scout", "Scout partners for a topic")


@router.get("/scout/{topic}", response_model=None)
def scout(request: Request, topic: str, pool: str = "", option: str = "",
          country: str = "", type: str = "", sme: str = "", cluster: str = "",
          top: int = 20) -> Response:
    from consortium.scout.scouting import PartnerFilter

    state: ServerState = request.app.state.web
    key = state.check_pool(pool)
    call = state.call(topic, option)
    wanted = PartnerFilter(tuple(split_names(country)), tuple(t.upper() for t in
                           split_names(type)), bool(sme), tuple(split_names(cluster)))
    top = max(1, min(top, 200))
    form = {"pool": key, "option": option, "country": country, "type": type, "sme": sme,
            "cluster": cluster, "top": top}

    def work(job: Any) -> Any:
        from consortium.embed.pool_index import PoolIndex
        from consortium.scout.scouting import scout as rank

        loaded = state.load_pool(key, job)
        job.report("Ranking the pool's partners for the topic")
        chosen = wanted.apply(loaded.partners)
        index = loaded.index() if len(chosen) == len(loaded.partners) else PoolIndex(
            chosen, loaded.embedder, None)
        return rank(call, index, top=top, pool=loaded.name, pool_size=loaded.size,
                    filters=wanted.describe())

    job = state.jobs.run(("scout", *state.pool_key(key), call.id, option, wanted, top),
                         f"Scouting for {call.id}", work)
    if not job.finished:
        return waiting(request, job, f"Scouting partners for {call.id}")
    return page(request, "scout.html.j2", 400 if job.error else 200, call=call, form=form,
                pools=state.pool_choices(), report=job.result, error=job.error)


@router.get("/radar", response_model=None)
def radar(request: Request, pool: str = "", member: str = "", cluster: str = "",
          only: str = "", open_after: str = "", core: int = 4) -> Response:
    from consortium.scout.scouting import select_calls

    state: ServerState = request.app.state.web
    key = state.check_pool(pool)
    core = max(1, min(core, 10))
    form: dict[str, Any] = {"pool": key, "member": member.strip(), "cluster": cluster.strip(),
            "only": only.strip(), "open_after": open_after.strip(), "core": core}
    if not form["member"] and not form["cluster"]:
        return page(request, "radar.html.j2", form=form, pools=state.pool_choices(),
                    report=None, error="")
    if open_after and not _is_date(open_after):
        raise InputError("open_after", f"'{open_after}' is not a date; give YYYY-MM-DD")

    def work(job: Any) -> Any:
        from consortium.calls.folder import list_calls
        from consortium.scout.radar import radar as rank

        loaded = state.load_pool(key, job)
        job.report("Reading the topics")
        calls = list_calls(state.calls_dir) + state.uploaded_calls()
        kept, skipped = select_calls(calls, form["open_after"] or None,
                                     split_names(form["only"]))
        job.report(f"Ranking {len(kept)} topics")
        report = rank(kept, loaded.index(), form["member"] or None, form["cluster"] or None,
                      core, pool=loaded.name)
        report.skipped = skipped
        return report

    job = state.jobs.run(("radar", *state.pool_key(key), urlencode(form)), "Radar", work)
    if not job.finished:
        return waiting(request, job, "Ranking the topics")
    return page(request, "radar.html.j2", 400 if job.error else 200, form=form,
                pools=state.pool_choices(), report=job.result, error=job.error)


def _is_date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value.strip())
    except ValueError:
        return False
    return True
