"""The server's rules: loopback only by default, the token beyond it, no foreign forms,
no path from a URL, upload limits, escaped hostile text, no traceback on a page."""

from __future__ import annotations

from pathlib import Path

import pytest

from consortium.files import MAX_INPUT_BYTES
from consortium.web.config import ServeConfig, is_loopback

TOPIC = "TEST-CL3-01"


def test_loopback_needs_no_token_and_other_hosts_get_one() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.10")
    assert ServeConfig.create("127.0.0.1").token == ""
    remote = ServeConfig.create("0.0.0.0", port=8765)
    assert len(remote.token) >= 24 and f"?token={remote.token}" in remote.url
    assert ServeConfig.create("127.0.0.1", port=8765).url == "http://127.0.0.1:8765/"


def test_every_request_needs_the_token_beyond_loopback(make) -> None:
    with make(host="0.0.0.0") as client:
        token = client.app.state.web.config.token
        for url in ("/topics", f"/topics/{TOPIC}", "/static/htmx.min.js", "/partners"):
            refused = client.get(url)
            assert refused.status_code == 403, url
            assert "access token" in refused.text and TOPIC not in refused.text
        assert client.get("/topics?token=wrong").status_code == 403
        client.cookies.set("consortium_token", "wrong")
        assert client.get("/topics").status_code == 403
        client.cookies.clear()
        first = client.get(f"/topics?token={token}")
        assert first.status_code == 200 and TOPIC in first.text
        # The cookie the first request set lets the page's own links work without it.
        assert client.get(f"/topics/{TOPIC}").status_code == 200


def test_loopback_server_refuses_other_host_names(client) -> None:
    response = client.get("/topics", headers={"host": "evil.example:8000"})
    assert response.status_code == 400 and TOPIC not in response.text
    assert client.get("/topics", headers={"host": "localhost:8000"}).status_code == 200


def test_a_form_posted_from_another_site_is_refused(client) -> None:
    response = client.post("/topics/paste", data={"text": "## Scope\nDrones."},
                           headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert not client.app.state.web.uploaded_topics


@pytest.mark.parametrize("url", ["/topics/..%2F..%2Fetc%2Fpasswd", "/topics/%2Fetc%2Fpasswd",
                                 "/build/..%2Fpartners.csv", "/topics/partners.csv",
                                 "/static/..%2F..%2Fweb%2Fapp.py", "/static/../app.py"])
def test_urls_never_name_a_file(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (400, 404), url
    assert "root:" not in response.text and "def create_app" not in response.text


def test_a_topic_file_path_is_not_a_topic(client, folders) -> None:
    path = folders["calls"] / f"{TOPIC}.md"
    assert client.get(f"/topics/{path}").status_code == 404


def test_uploads_over_the_limit_are_refused_before_reading(client) -> None:
    big = b"x" * (MAX_INPUT_BYTES + 2 * 1024 * 1024)
    response = client.post("/partners/upload", files={"file": ("big.csv", big)})
    assert response.status_code == 413 and "limit" in response.text


def test_oversized_file_in_a_small_request_is_refused(client, monkeypatch) -> None:
    import consortium.web.uploads as uploads

    monkeypatch.setattr(uploads, "MAX_INPUT_BYTES", 10)
    response = client.post("/partners/upload", files={"file": ("m.csv", b"name,country\n" * 3)})
    assert response.status_code == 400
    assert "m.csv: file is" in response.text and "more than" in response.text


def test_upload_names_never_reach_a_path(client, tmp_path: Path) -> None:
    name = "../../../../tmp/owned.csv"
    body = b"name,country,type,description\nACME Ltd,DE,PRC,drones\n"
    response = client.post("/partners/upload", files={"file": (name, body)}, follow_redirects=False)
    assert response.status_code == 303
    assert client.settle(response.headers["location"]).status_code == 200
    assert not Path("/tmp/owned.csv").exists()
    assert not any(p.name == "owned.csv" for p in tmp_path.rglob("*"))


def test_hostile_registry_text_is_escaped(client) -> None:
    body = (b"name,short_name,country,type,description\n"
            b'"<script>alert(1)</script> GmbH",<img src=x onerror=alert(2)>,DE,PRC,'
            b'"drones <b>bold</b> border surveillance"\n')
    posted = client.post("/partners/upload", files={"file": ("evil.csv", body)},
                         follow_redirects=False)
    pool = posted.headers["location"].split("pool=")[1]
    upload = client.settle(posted.headers["location"])
    assert upload.status_code == 200, upload.text
    page = upload.text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; GmbH" in page
    ids = {p.id for p in client.app.state.web.uploaded_pools[pool].partners}
    profile = client.settle(f"/partners/profile/{ids.pop()}?pool={pool}")
    assert profile.status_code == 200
    assert "<b>bold</b>" not in profile.text and "&lt;b&gt;bold&lt;/b&gt;" in profile.text


def test_hostile_pasted_topic_is_escaped(client) -> None:
    text = "## Scope\nProposals should build <script>alert('x')</script> drones."
    response = client.post("/topics/paste", data={"text": text, "title": "<i>t</i>"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "<script>alert('x')" not in response.text
    assert "&lt;script&gt;" in response.text and "&lt;i&gt;t&lt;/i&gt;" in response.text


def test_a_bug_is_a_short_500_page_and_a_log_line(client, monkeypatch, caplog) -> None:
    import consortium.web.state as state

    def broken(self: object) -> list[object]:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(state.ServerState, "rows", broken)
    response = client.get("/topics")
    assert response.status_code == 500
    assert "this is a bug" in response.text
    assert "Traceback" not in response.text and "secret internal detail" not in response.text
    assert "secret internal detail" in caplog.text


def test_unknown_pages_and_downloads_are_404(client) -> None:
    assert client.get("/nowhere").status_code == 404
    assert client.get(f"/build/{TOPIC}/download/exe").status_code == 404
    assert client.get("/topics/NO-SUCH-TOPIC").status_code == 404
    assert client.get("/partners?pool=nope").status_code == 404


def test_spreadsheet_downloads_neutralise_formulas(client) -> None:
    import io

    import openpyxl

    body = (b"name,short_name,country,type,description\n"
            b'"=HYPERLINK(""http://x"")",EVIL,DE,PRC,drones border surveillance police\n'
            b"Institut Medico-Legal,IML,FR,REC,forensic laboratory digital evidence\n"
            b"Police Academy,ISPC,ES,PUB,training police officers border guards\n")
    posted = client.post("/partners/upload", files={"file": ("f.csv", body)},
                         follow_redirects=False)
    pool = posted.headers["location"].split("pool=")[1]
    ids = [p.id for p in client.app.state.web.uploaded_pools[pool].partners]
    url = f"/review/{TOPIC}/download/xlsx?pool={pool}&members={','.join(ids)}"
    response = client.settle(url)
    assert response.status_code == 200, response.text[:300]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
             if c.value is not None and "HYPERLINK" in str(c.value)]
    # Every cell that would start a formula is neutralised; section 3.2's sentences name
    # the partner mid-text ("1. =HYPERLINK(...) (EVIL), Germany"), which runs nothing.
    assert cells and any(c.startswith("'=") for c in cells)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
