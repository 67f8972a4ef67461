"""The core flow end to end: topics -> topic -> build -> pin/exclude -> fill -> download."""

from __future__ import annotations

import io
import json
import re

TOPIC = "TEST-CL3-01"  # tests/data/topic.md, copied by the folders fixture

BUILD = f"/build/{TOPIC}?size=3..5"


def member_ids(html: str) -> list[str]:
    table = html.split('id="members"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-id="([^"]+)"', table)


def test_home_lists_the_topics(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert TOPIC in response.text and "Drones and forensics for border police" in response.text
    assert '<script src="/static/htmx.min.js"></script>' in response.text


def test_topic_page_shows_requirements_kinds_and_conditions(client) -> None:
    page = client.get(f"/topics/{TOPIC}").text
    assert "Unmanned aerial drones for border surveillance" in page
    assert "expected_outcome" in page and "validation" in page
    assert "Conditions" in page and f'href="/build/{TOPIC}"' in page


def test_build_suggests_a_consortium_with_heatmap_gaps_and_conditions(client) -> None:
    response = client.settle(BUILD)
    assert response.status_code == 200, response.text
    page = response.text
    assert 3 <= len(member_ids(page)) <= 5
    assert 'id="heatmap"' in page and "Coverage" in page and "eligibility" in page
    assert 'id="downloads"' in page


def test_excluding_a_member_replaces_it(client) -> None:
    first = member_ids(client.settle(BUILD).text)
    banned = first[0]
    again = client.settle(f"{BUILD}&exclude={banned}")
    assert again.status_code == 200
    now = member_ids(again.text)
    assert banned not in now and now
    assert f"excluded {banned}" in again.text


def test_pinning_keeps_a_partner_in(client) -> None:
    page = client.settle(BUILD).text
    everyone = re.findall(r'/partners/profile/([^"?]+)\?pool=file', client.settle(
        "/partners?pool=file").text)
    outside = [p for p in everyone if p not in member_ids(page)]
    if not outside:  # the whole pool is in: pin the first member instead
        outside = member_ids(page)[:1]
    pinned = client.settle(f"{BUILD}&include={outside[0]}")
    assert outside[0] in member_ids(pinned.text)


def test_who_fills_this_gap(client) -> None:
    page = client.settle(BUILD).text
    members = ",".join(member_ids(page))
    response = client.settle(f"/build/{TOPIC}/fill?size=3..5&members={members}&requirement=R1")
    assert response.status_code == 200, response.text
    assert 'id="candidates"' in response.text and "R1" in response.text


def test_downloads_in_every_format(client) -> None:
    import docx
    import openpyxl

    for fmt, check in (("docx", lambda b: docx.Document(io.BytesIO(b))),
                       ("xlsx", lambda b: openpyxl.load_workbook(io.BytesIO(b))),
                       ("json", lambda b: json.loads(b)), ("markdown", bytes.decode),
                       ("html", bytes.decode), ("csv", bytes.decode)):
        response = client.settle(f"/build/{TOPIC}/download/{fmt}?size=3..5")
        assert response.status_code == 200, (fmt, response.text[:500])
        assert "attachment" in response.headers["content-disposition"]
        assert check(response.content)
    data = client.settle(f"/build/{TOPIC}/download/json?size=3..5").json()
    assert data["call_id"] == TOPIC and 3 <= len(data["members"]) <= 5


def test_an_empty_size_takes_the_typical_size_and_says_so(client) -> None:
    page = client.settle(f"/build/{TOPIC}").text
    assert "Size: typical" in page and 'placeholder="typical"' in page
    sized = client.settle(f"/build/{TOPIC}?size=3..3").text
    assert "Size: typical" not in sized and len(member_ids(sized)) == 3
