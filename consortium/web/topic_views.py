"""Topics pages: the calls with search and filters, a topic's requirements and
conditions, and bringing in topics (a portal export by upload, or a pasted text).

The listing is ``calls.index.list_rows`` (what ``consortium calls list`` prints), the
topic page ``calls.folder.find_call`` (``calls show``), the import
``calls.formats.read_topics`` (``calls import``) and a pasted text
``calls.topic.parse_call``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from consortium.errors import ConsortiumError
from consortium.web.app import page
from consortium.web.state import ServerState
from consortium.web.uploads import TOPIC_SUFFIXES, display_name, rename_all, saved

router = APIRouter()
# HORIZON-CL3-2025-01-DRS-04 (cluster CL3, year 2025, destination DRS) and
# HORIZON-CL3-2023-BM-01-01 (destination BM); other ids give what they have.
_CLUSTER = re.compile(r"^[A-Z]+-([A-Z0-9]+)-")
_YEAR = re.compile(r"-(\d{4})-")
_DESTINATION = re.compile(r"-\d{4}-(?:\d{2}-)?([A-Z]+)-")


@dataclass(frozen=True)
class TopicRow:
    id: str
    title: str
    deadline: str
    action_type: str
    requirements: int
    conditions: str
    cluster: str
    year: str
    destination: str
    uploaded: bool


def topic_rows(state: ServerState) -> list[TopicRow]:
    rows = [(r.id, r.title, r.deadline, r.action_type, r.requirements, r.conditions_cell,
             False) for r in state.rows()]
    from consortium.web.state import conditions_cell

    rows += [(c.id, c.title, c.deadline, c.action_type, len(c.requirements),
              conditions_cell(c), True) for c in state.uploaded_calls()]
    out = []
    for ident, title, deadline, kind, n, cell, uploaded in rows:
        cluster, year, dest = (found.group(1) if (found := rx.search(ident.upper())) else ""
                               for rx in (_CLUSTER, _YEAR, _DESTINATION))
        out.append(TopicRow(ident, title, deadline, kind, n, cell, cluster, year, dest,
                            uploaded))
    return sorted(out, key=lambda r: (not r.uploaded, r.id))


def _keep(row: TopicRow, q: str, filters: dict[str, str], after: str) -> bool:
    if q and q.casefold() not in f"{row.id} {row.title}".casefold():
        return False
    if after and (not row.deadline or row.deadline < after):
        return False
    return all(not want or getattr(row, name) == want for name, want in filters.items())


def _listing(request: Request, status: int = 200, **extra: object) -> HTMLResponse:
    state: ServerState = request.app.state.web
    params = request.query_params
    rows = topic_rows(state)
    filters = {name: params.get(name, "") for name in
               ("cluster", "year", "destination", "action_type")}
    q, after = params.get("q", "").strip(), params.get("deadline_after", "").strip()
    shown = [r for r in rows if _keep(r, q, filters, after)]
    choices = {name: sorted({getattr(r, name) for r in rows} - {""}) for name in filters}
    return page(request, "topics.html.j2", status, rows=shown, total=len(rows),
                choices=choices, filters=filters, q=q, deadline_after=after, **extra)


@router.get("/topics", response_class=HTMLResponse)
def topics(request: Request) -> HTMLResponse:
    return _listing(request)


@router.post("/topics/import", response_class=HTMLResponse)
async def import_topics(request: Request, file: UploadFile = File(...)) -> HTMLResponse:
    from consortium.calls.formats import read_topics

    state: ServerState = request.app.state.web
    name = display_name(file.filename)
    data = await file.read()
    def work() -> tuple[Any, list[str], list[str]]:
        with saved(name, data, TOPIC_SUFFIXES) as path:
            result = read_topics([path])
            return (result, rename_all(result.skipped, path, name),
                    rename_all(result.warnings, path, name))

    try:
        result, skipped, warnings = await run_in_threadpool(work)
    except ConsortiumError as exc:
        return _listing(request, 400, error=" ".join(str(exc).split()))
    added = state.add_topics(result.calls, result.markdown)
    return _listing(request, imported={"file": name, "ids": added, "skipped": skipped,
                                       "warnings": warnings})


@router.post("/topics/paste", response_model=None)
def paste_topic(request: Request, text: str = Form(""), title: str = Form("")) -> Response:
    from consortium.calls.topic import parse_call

    state: ServerState = request.app.state.web
    ident = f"PASTED-{len(state.uploaded_topics) + 1:02d}"
    if title.strip() and not text.lstrip().startswith("---"):
        text = f"# {' '.join(title.split())}\n\n{text}"
    try:
        call = parse_call(text, source=ident)  # the id: front matter's, else this one
    except ConsortiumError as exc:
        return _listing(request, 400, paste_error=" ".join(str(exc).split()),
                        pasted=text, pasted_title=title)
    state.uploaded_topics[call.id] = text
    return RedirectResponse(f"/topics/{quote(call.id, safe='')}", status_code=303)


@router.get("/topics/{topic}", response_class=HTMLResponse)
def topic_page(request: Request, topic: str, option: str = "") -> HTMLResponse:
    state: ServerState = request.app.state.web
    whole = state.call(topic)
    call = state.call(topic, option) if option else whole
    return page(request, "topic.html.j2", call=call, options=whole.options, option=option,
                units=call.units())
