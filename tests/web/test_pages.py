"""Every page with the test client: topics (filters, import, paste), partners (pool,
filters, profile, upload, store import with the row-level report), review, scout,
radar, the progress page, and --help importing no web framework."""

from __future__ import annotations

import html
import subprocess
import sys
import threading
from pathlib import Path

DATA = Path(__file__).parents[1] / "data"
TOPIC = "TEST-CL3-01"


def error_of(page: str, marker: str = 'id="error">') -> str:
    """The page's one-line error, as the user reads it."""
    return html.unescape(page.split(marker, 1)[1].split("</p>", 1)[0])


def test_topics_filters_and_search(client) -> None:
    assert TOPIC in client.get("/topics?cluster=CL3&year=").text
    assert TOPIC not in client.get("/topics?q=no-such-words").text
    assert TOPIC in client.get("/topics?q=forensics").text
    assert TOPIC not in client.get("/topics?deadline_after=2027-01-01").text
    assert TOPIC in client.get("/topics?deadline_after=2025-12-31&action_type=RIA").text


def test_import_a_portal_export_and_see_the_topics(client) -> None:
    body = (DATA / "calls" / "topics.json").read_bytes()
    response = client.post("/topics/import", files={"file": ("open-topics.json", body)})
    assert response.status_code == 200, response.text
    assert "HORIZON-CL3-2026-01-FCT-02" in response.text and "imported" in response.text
    topic = client.get("/topics/HORIZON-CL3-2026-01-FCT-02")
    assert topic.status_code == 200 and "Police Authorities" in topic.text


def test_a_bad_topic_export_is_one_line_naming_the_upload(client) -> None:
    response = client.post("/topics/import",
                           files={"file": ("broken.json", b'{"topicId": "X", ')})
    assert response.status_code == 400
    error = response.text.split('id="error">', 1)[1].split("</p>", 1)[0]
    assert error.startswith("broken.json") and "\n" not in error and "/tmp" not in error
    wrong = client.post("/topics/import", files={"file": ("topics.exe", b"MZ")})
    assert wrong.status_code == 400 and "not a file this form reads" in wrong.text


def test_paste_a_topic_text(client) -> None:
    text = "## Expected Outcome\n- Drones for border police\n\n## Scope\nField trials."
    response = client.post("/topics/paste", data={"text": text, "title": "My topic"})
    assert response.status_code == 200 and "Drones for border police" in response.text
    assert "PASTED-01" in client.get("/topics").text
    empty = client.post("/topics/paste", data={"text": "   ", "title": "kept title"})
    assert empty.status_code == 400
    assert error_of(empty.text, 'id="paste-error">').startswith("PASTED-02: ")
    assert 'value="kept title"' in empty.text          # the form is kept as filled


def test_partners_list_filters_and_profile(client) -> None:
    page = client.settle("/partners")
    assert page.status_code == 200 and "Aerial Robotics GmbH" in page.text
    assert "8 of 8 partners" in page.text
    germans = client.settle("/partners?country=Germany").text
    assert "Aerial Robotics GmbH" in germans and "Institut Medico-Legal" not in germans
    bad = client.settle("/partners?country=Atlantis")
    assert bad.status_code == 400 and "unknown country 'Atlantis'" in error_of(bad.text)
    assert 'value="Atlantis"' in bad.text
    pool = client.app.state.web.load_pool.__self__._pools  # loaded once, kept
    assert len(pool) == 1
    first = next(iter(pool.values())).partners[0]
    profile = client.settle(f"/partners/profile/{first.id}?pool=file")
    assert profile.status_code == 200 and first.name in profile.text
    assert "Provenance" in profile.text and "partners.csv" in profile.text


def test_pool_choice_lists_bundled_file_and_uploads(client) -> None:
    page = client.settle("/partners").text
    assert 'value="bundled"' in page and 'value="file"' in page


def test_uploaded_pool_lists_skipped_rows_with_file_row_field(client) -> None:
    body = (DATA / "bad" / "partners_misspelt_country.csv").read_bytes()
    posted = client.post("/partners/upload", files={"file": ("members.csv", body)},
                         follow_redirects=False)
    assert posted.status_code == 303
    page = client.settle(posted.headers["location"])
    assert page.status_code == 200
    report = html.unescape(page.text.split('id="upload-report"', 1)[1].split("</div>", 1)[0])
    assert "members.csv:4: field 'country': unknown country 'Spian'" in report
    assert "Institut Medico-Legal" in page.text and "Police Academy" not in page.text


def test_import_members_into_the_store_with_the_row_report(client, folders) -> None:
    body = (DATA / "partners" / "members.csv").read_bytes()
    response = client.post("/partners/import", files={"file": ("members.csv", body)},
                           data={"cluster": "HSD"})
    assert response.status_code == 200, response.text
    report = html.unescape(response.text.split('id="import-report"', 1)[1])
    assert "7 rows, 4 imported" in report and "members.csv:5: field 'Country'" in report
    assert folders["db"].is_file()
    store = client.settle("/partners?pool=store&cluster=HSD")
    assert store.status_code == 200 and "Hellenic Police" in store.text


def test_a_bad_store_import_is_one_line(client) -> None:
    body = (DATA / "bad" / "partners_header_only.csv").read_bytes()
    response = client.post("/partners/import", files={"file": ("empty.csv", body)})
    assert response.status_code == 400
    error = error_of(response.text)
    assert error.startswith("empty.csv") and "/tmp" not in error


def test_review_by_names_and_by_upload(client) -> None:
    form = client.get(f"/review/{TOPIC}")
    assert form.status_code == 200 and "Upload and review" in form.text
    page = client.settle(f"/review/{TOPIC}?members=AERO,IML,ISPC")
    assert page.status_code == 200, page.text
    assert 'id="members"' in page.text and "Conditions of the topic" in page.text
    listed = b"name,role\nAERO,coordinator\nIML,beneficiary\n"
    posted = client.post(f"/review/{TOPIC}/upload", files={"file": ("team.csv", listed)},
                         follow_redirects=False)
    assert posted.status_code == 303 and "members=AERO%2CIML" in posted.headers["location"]
    reviewed = client.settle(posted.headers["location"])
    assert reviewed.status_code == 200 and "coordinator" in reviewed.text
    docx = client.settle(f"/review/{TOPIC}/download/docx?members=AERO,IML")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_review_of_an_unknown_partner_keeps_the_form(client) -> None:
    page = client.settle(f"/review/{TOPIC}?members=AERO,Nobody%20Ltd")
    assert page.status_code == 400 and "Nobody Ltd" in page.text
    assert "AERO\nNobody Ltd</textarea>" in page.text


def test_scout_and_radar(client) -> None:
    scout = client.settle(f"/scout/{TOPIC}?top=3")
    assert scout.status_code == 200 and 'id="scout"' in scout.text
    assert scout.text.count('<tr><td>') == 3
    filtered = client.settle(f"/scout/{TOPIC}?country=FR")
    assert "Institut Medico-Legal" in filtered.text and "Aerial Robotics" not in filtered.text
    assert client.get("/radar").status_code == 200
    member = client.settle("/radar?member=AERO")
    assert member.status_code == 200 and TOPIC in member.text and 'id="radar"' in member.text


def test_menu_pages_offer_a_topic_and_go_to_it(client) -> None:
    for action in ("build", "review", "scout"):
        page = client.get(f"/{action}")
        assert page.status_code == 200 and f'<option value="{TOPIC}">' in page.text
        chosen = client.get(f"/{action}?topic={TOPIC}", follow_redirects=False)
        assert chosen.headers["location"] == f"/{action}/{TOPIC}"


def test_long_work_shows_progress_and_joins(client) -> None:
    jobs = client.app.state.web.jobs
    release = threading.Event()

    def work(job):
        job.report("Embedding 10 new texts", 4, 10)
        release.wait(30)
        return "result"

    job = jobs.run("slow", "Slow work", work)
    assert jobs.run("slow", "Slow work", work) is job       # a second request joins
    for _ in range(1000):
        if job.done == 4:
            break
        threading.Event().wait(0.01)
    bar = client.get(f"/jobs/{job.id}")
    assert bar.status_code == 200 and 'aria-valuenow="40"' in bar.text
    assert "HX-Refresh" not in bar.headers
    assert client.get("/topics").status_code == 200          # the server stays responsive
    release.set()
    for _ in range(1000):
        if job.finished:
            break
        threading.Event().wait(0.01)
    done = client.get(f"/jobs/{job.id}")
    assert done.headers.get("HX-Refresh") == "true" and job.result == "result"


def test_a_failed_job_is_shown_once_before_it_is_run_again() -> None:
    from consortium.errors import ConsortiumError
    from consortium.web.jobs import Jobs

    jobs, runs = Jobs(), []

    def work(job):
        runs.append(1)
        raise ConsortiumError("no partner 'Nobody Ltd' in the pool")

    first = jobs.run("radar", "Radar", work)
    for _ in range(1000):
        if first.finished:
            break
        threading.Event().wait(0.01)
    # The page reloaded when the bar saw the end: it gets the failure, not a new job.
    assert jobs.run("radar", "Radar", work) is first and first.error.startswith("no partner")
    again = jobs.run("radar", "Radar", work)                  # the user retries
    assert again is not first
    jobs.shutdown()


def test_a_failed_job_shows_its_one_line_and_is_retried(client) -> None:
    page = client.settle(f"/build/{TOPIC}?size=400..500")   # more than the candidates
    assert page.status_code == 400 and 'id="error"' in page.text
    assert 'value="400..500"' in page.text
    bad = client.settle(f"/build/{TOPIC}?size=ten")
    assert bad.status_code == 400 and "size" in bad.text and 'value="ten"' in bad.text


def test_two_tabs_with_different_settings_do_not_interfere(client) -> None:
    small = client.settle(f"/build/{TOPIC}?size=3..3").text
    large = client.settle(f"/build/{TOPIC}?size=5..5").text
    again = client.settle(f"/build/{TOPIC}?size=3..3").text
    assert small.split('id="members"')[1].count("data-id=") == 3
    assert large.split('id="members"')[1].count("data-id=") == 5
    assert again == small


def test_user_templates_override_pages_in_the_sandbox(make, tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "error.html.j2").write_text("MINE {{ message }}", encoding="utf-8")
    (folder / "choose.html.j2").write_text("{{ ''.__class__.__mro__ }}", encoding="utf-8")
    with make(template_dir=str(folder)) as client:
        assert client.get("/nowhere").text.startswith("MINE no such page")
        escape = client.get("/build")
        assert escape.status_code == 400 and "template error" in escape.text
        assert "object" not in escape.text.split("template error", 1)[1][:40]


def test_help_imports_no_web_framework() -> None:
    heavy = ("fastapi", "starlette", "uvicorn", "jinja2", "torch", "numpy")
    code = ("import sys; from consortium.cli.main import cli\n"
            "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
            f"print('IMPORTED', [m for m in {heavy!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert "IMPORTED []" in result.stdout
    assert "serve" in result.stdout


def test_scout_and_radar_errors_are_one_line_with_the_form_kept(client) -> None:
    nobody = client.settle(f"/scout/{TOPIC}?country=JP")
    assert nobody.status_code == 400 and "no partner in the pool passes" in error_of(nobody.text)
    assert 'value="JP"' in nobody.text
    unknown = client.settle("/radar?member=Nobody%20Ltd")
    assert unknown.status_code == 400 and "Nobody Ltd" in error_of(unknown.text)
    assert client.get("/radar?cluster=X&open_after=soon").status_code == 400


def test_the_report_page_shows_where_members_test_and_demonstrate(examples_client) -> None:
    client, topic = examples_client
    page = client.settle(f"/review/{topic}?members=NMTR,HCG-IU,VUSL")
    assert page.status_code == 200, page.text
    section = page.text.split('id="facilities"', 1)[1].split("</section>", 1)[0]
    assert "Where we test and demonstrate" in section
    assert "Maritime test range off Den Helder" in section and "(validation)" in section
