"""Partners pages: choose the pool, list it with filters, a partner's profile, and
bring partners in (a registry uploaded as a pool of its own, or a members spreadsheet
imported into the registry store with the row-level report ``partners import`` prints).

Pools load through ``pipeline.load_pool`` once per server (a job; the page shows its
progress); uploads are read by ``partners.pool.read_registry`` and imports made by
``partners.importing.import_files``, the library calls the command line makes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from consortium.errors import ConsortiumError, InputError
from consortium.web.app import page
from consortium.web.state import NotFound, ServerState
from consortium.web.uploads import REGISTRY_SUFFIXES, display_name, rename_all, saved

if TYPE_CHECKING:
    from consortium.partners.model import Partner

router = APIRouter()
PAGE_SIZE = 100


def waiting(request: Request, job: Any, title: str) -> HTMLResponse:
    """The page of a job still running: a progress bar that polls until it is done."""
    return page(request, "job.html.j2", 202, job=job, title=title)


def partner_filter(params: Any) -> tuple[dict[str, str], Any]:
    """The list filters as the form holds them, and a test of one partner."""
    from consortium.partners.countries import normalise_country
    from consortium.partners.orgtypes import parse_org_type
    from consortium.partners.practitioners import accepted_practitioners, parse_practitioner

    f = {k: (params.get(k) or "").strip() for k in
         ("q", "country", "type", "sme", "cluster", "practitioner")}
    country = normalise_country(f["country"]) if f["country"] else None
    if f["country"] and country is None:
        raise InputError("country", f"unknown country '{f['country']}' (give an ISO code "
                         "such as DE or a name such as Germany)")
    kind = parse_org_type(f["type"]) if f["type"] else None
    if f["type"] and kind is None:
        raise InputError("type", f"unknown organisation type '{f['type']}' (HES, REC, PRC, "
                         "PUB or OTH)")
    category = None
    if f["practitioner"] and f["practitioner"].lower() != "any":
        category = parse_practitioner(f["practitioner"])
        if category is None:
            raise InputError("practitioner", f"unknown category '{f['practitioner']}' (use "
                             f"{accepted_practitioners()}, or any)")
    sme = {"yes": True, "no": False, "unknown": None}.get(f["sme"].lower(), "all")

    def keep(p: Partner) -> bool:
        return ((not f["q"] or f["q"].casefold() in f"{p.name} {p.short_name} {p.id}"
                 .casefold()) and (country is None or p.country == country)
                and (kind is None or p.org_type == kind[0])
                and (sme == "all" or p.sme is sme)
                and (not f["cluster"] or f["cluster"].casefold() in
                     [c.casefold() for c in p.clusters])
                and (not f["practitioner"] or (p.practitioner != "" if category is None
                                               else p.practitioner == category)))
    return f, keep


def loaded_pool(request: Request, key: str) -> Any:
    """The loaded pool ``key``, or the progress page while it loads."""
    state: ServerState = request.app.state.web
    job = state.pool_job(key)
    if not job.finished:
        return waiting(request, job, "Loading the partner pool")
    if job.status == "failed":
        raise ConsortiumError(job.error)
    return job.result


@router.get("/partners", response_class=HTMLResponse)
def partners(request: Request, pool: str = "", offset: int = 0) -> HTMLResponse:
    state: ServerState = request.app.state.web
    key = state.check_pool(pool)
    loaded = loaded_pool(request, key)
    if isinstance(loaded, HTMLResponse):
        return loaded
    try:
        form, keep = partner_filter(request.query_params)
        error = ""
    except InputError as exc:
        form, keep = {k: request.query_params.get(k, "") for k in ("q", "country", "type",
                      "sme", "cluster", "practitioner")}, (lambda p: True)
        error = " ".join(str(exc).split())
    shown = [p for p in loaded.partners if keep(p)]
    offset = max(0, offset)
    upload = state.uploaded_pools.get(key)
    return page(request, "partners.html.j2", 400 if error else 200, pool=key,
                pools=state.pool_choices(), partners=shown[offset:offset + PAGE_SIZE],
                total=len(loaded.partners), matching=len(shown), offset=offset,
                page_size=PAGE_SIZE, form=form, error=error,
                skipped=upload.skipped if upload else [],
                store=str(state.config.store_path()),
                next_query=urlencode({**form, "pool": key, "offset": offset + PAGE_SIZE}))


@router.get("/partners/profile/{partner_id:path}", response_class=HTMLResponse)
def profile(request: Request, partner_id: str, pool: str = "") -> HTMLResponse:
    state: ServerState = request.app.state.web
    key = state.check_pool(pool)
    loaded = loaded_pool(request, key)
    if isinstance(loaded, HTMLResponse):
        return loaded
    found = [p for p in loaded.partners if p.id == partner_id]
    if not found:
        raise NotFound(partner_id, "no partner with this id in the pool")
    from consortium.partners.cordis import capability_text

    partner = found[0]
    return page(request, "partner.html.j2", p=partner, pool=key,
                capabilities=capability_text(partner, 1200),
                roles={x.project_id: x for x in partner.participations})


@router.post("/partners/upload", response_model=None)
async def upload_pool(request: Request, file: UploadFile = File(...)) -> Response:
    """A registry file as a pool of its own, for this server's lifetime (not stored)."""
    from consortium.partners.pool import read_registry

    state: ServerState = request.app.state.web
    name = display_name(file.filename)
    data = await file.read()
    def work() -> tuple[list[Partner], list[str]]:
        with saved(name, data, REGISTRY_SUFFIXES) as path:
            result = read_registry(path, strict=False)
            return result.partners, rename_all(result.skipped, path, name)

    try:
        found, skipped = await run_in_threadpool(work)
    except ConsortiumError as exc:
        return page(request, "import.html.j2", 400, error=" ".join(str(exc).split()),
                    file=name, pools=state.pool_choices())
    key = state.add_pool(name, found, skipped)
    return RedirectResponse(f"/partners?pool={key}", status_code=303)


@router.post("/partners/import", response_class=HTMLResponse)
async def import_members(request: Request, file: UploadFile = File(...),
                         cluster: str = Form("")) -> HTMLResponse:
    """Members into the registry store, with every row's fate (``partners import``)."""
    from consortium.partners.importing import RegistryImported, import_files
    from consortium.partners.store import Registry

    state: ServerState = request.app.state.web
    name = display_name(file.filename)
    data = await file.read()
    cluster = " ".join(cluster.split())[:40]

    def work() -> dict[str, Any]:
        with saved(name, data, REGISTRY_SUFFIXES) as path:
            store_path = state.config.store_path()
            store_path.parent.mkdir(parents=True, exist_ok=True)
            with Registry(store_path) as store:
                steps = list(import_files(store, [path], cluster=cluster, strict=False))
            step = next(s for s in steps if isinstance(s, RegistryImported))
            return {"rows": step.result.rows, "imported": len(step.result.partners),
                    "new": step.new, "updated": step.updated,
                    "skipped": rename_all(step.result.skipped, path, name)}

    try:
        report = await run_in_threadpool(work)
    except ConsortiumError as exc:
        return page(request, "import.html.j2", 400, error=" ".join(str(exc).split()),
                    file=name, cluster=cluster, pools=state.pool_choices())
    state.store_changed()
    return page(request, "import.html.j2", file=name, cluster=cluster, report=report,
                pools=state.pool_choices(), store=str(state.config.store_path()))
