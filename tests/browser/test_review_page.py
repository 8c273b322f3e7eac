"""The review page in a real browser (Debian's headless Chromium) against a real `serve`.

Every test drives the page as a reader does (paste, Ctrl+Enter, click, keys) and checks what it
draws against what the API itself answers for the same text. Articles and names are invented.
"""

from __future__ import annotations

import json

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.chromium import PHONE
from tests.browser.conftest import MAX_TEXT_CHARS
from tests.browser.page import (
    analyse,
    api_parts,
    ask_api,
    marks,
    open_page,
    paste,
    run,
    scroll_to,
    texts,
    wait,
)
from tests.infra.serving import serving
from tests.infra.test_readme import _example_blocks

pytestmark = [pytest.mark.slow, pytest.mark.browser]

README_TEXT = str(_example_blocks()[0]["text"])
TWO_SPEAKERS = (
    "“We will rebuild the bridge by spring,” said Mayor Ana Ruiz, the head of the city council.\n"
    "Tom Becker, the opposition leader, said the plan was far too expensive.\n"
    "“Nobody has seen the bill,” Becker told reporters.\n"
)
# Characters outside the BMP take two UTF-16 units in the browser, one index in the API; and a
# quote split by its attribution is one quote of two parts.
WIDE_AND_SPLIT = (
    "🎉 Launch day 🚀 at the harbour.\n"
    "“The ferry runs again,” said harbour master Lena Ortiz, “and it runs on time.”\n"
    "She said the new timetable starts in May.\n"
)
MARKUP = (
    "Critics were loud. “<img src=x onerror=document.title=1> is not a plan,” said "
    "<b>Nadia Kerr</b>, a <script>document.title=2</script> fan.\n"
)


def error_text(driver: WebDriver) -> str:
    """The visible error message (an empty string while none is shown)."""
    box = driver.find_element(By.ID, "error")
    return box.text if box.is_displayed() else ""


def test_readme_example_highlights_each_quote_part_at_the_api_offsets(
    browser: WebDriver, review_server: str
) -> None:
    # Typed, not pasted: the very keys a reader presses, Enter for the paragraph break included.
    box = open_page(browser, review_server)
    box.send_keys(README_TEXT)
    assert run(browser) == "done"
    answer = ask_api(review_server, README_TEXT)
    drawn = marks(browser)
    assert drawn == api_parts(answer) and len(drawn) == 2
    assert browser.find_element(By.ID, "article").get_attribute("textContent") == README_TEXT
    assert texts(browser, "#article .cue") == [q["cue"]["text"] for q in answer["quotes"]]
    assert texts(browser, "#article .mention.said") == [
        q["speaker"]["text"] for q in answer["quotes"]
    ]
    assert texts(browser, "#article .mention:not(.said)") == ["Clara Voss"]
    for mark in browser.find_elements(By.CSS_SELECTOR, "mark[data-quote-id]"):
        assert (mark.get_attribute("role"), mark.get_attribute("tabindex")) == ("button", "0")
    assert "2 quotes" in browser.find_element(By.ID, "status").text
    # The page's own files load under its Content-Security-Policy without a single complaint.
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_offsets_hold_after_wide_characters_and_across_a_split_quote(
    browser: WebDriver, review_server: str
) -> None:
    answer = ask_api(review_server, WIDE_AND_SPLIT)
    assert any(len(quote["parts"]) == 2 for quote in answer["quotes"])
    assert analyse(browser, review_server, WIDE_AND_SPLIT) == "done"
    drawn = marks(browser)
    assert drawn == api_parts(answer)
    split = [mark for mark in drawn if mark["quote"] == "q1"]
    assert [mark["text"] for mark in split] == ["“The ferry runs again,”", "“and it runs on time.”"]
    # One badge per quote, on its first part: the number of its speaker.
    badges = browser.find_elements(By.CSS_SELECTOR, 'mark[data-quote-id="q1"]')
    assert [badge.get_attribute("data-badge") for badge in badges] == ["1", None]


def test_speaker_panel_lists_each_speaker_with_roles_quotes_and_mentions(
    browser: WebDriver, review_server: str
) -> None:
    assert analyse(browser, review_server, README_TEXT) == "done"
    [speaker] = ask_api(review_server, README_TEXT)["speakers"]
    [card] = browser.find_elements(By.CSS_SELECTOR, "#speakers button.speaker")
    assert card.get_attribute("data-speaker-id") == speaker["id"]
    assert card.find_element(By.CLASS_NAME, "speaker-name").text == "Clara Voss"
    assert card.find_element(By.CLASS_NAME, "speaker-kind").text == "person"
    assert card.find_element(By.CLASS_NAME, "speaker-count").text == "2 quotes"
    roles = [role.text for role in card.find_elements(By.CSS_SELECTOR, ".roles li")]
    assert roles == [
        "former Finance Minister (status: former; title: Finance Minister)",
        "a longtime critic of the mayor (title: critic)",
    ]
    assert card.find_element(By.CLASS_NAME, "mentions").text == (
        "3 mentions: Clara Voss · who · Voss"
    )
    assert texts(browser, "#article .role-span") == [role["text"] for role in speaker["roles"]]


def test_choosing_a_speaker_selects_exactly_their_quotes(
    browser: WebDriver, review_server: str
) -> None:
    answer = ask_api(review_server, TWO_SPEAKERS)
    assert len(answer["speakers"]) == 2
    assert analyse(browser, review_server, TWO_SPEAKERS) == "done"
    for speaker in answer["speakers"]:
        card = browser.find_element(
            By.CSS_SELECTOR, f'button.speaker[data-speaker-id="{speaker["id"]}"]'
        )
        scroll_to(browser, card).click()
        assert card.get_attribute("aria-pressed") == "true"
        selected = {
            mark.get_attribute("data-quote-id")
            for mark in browser.find_elements(By.CSS_SELECTOR, "#article mark.quote.selected")
        }
        assert selected == set(speaker["quote_ids"])
        others = browser.find_elements(
            By.CSS_SELECTOR, "button.speaker:not([aria-pressed='true'])"
        )
        assert len(others) == len(answer["speakers"]) - 1
    card.click()  # choosing the selected speaker again clears the selection
    assert card.get_attribute("aria-pressed") == "false"
    assert browser.find_elements(By.CSS_SELECTOR, "#article mark.quote.selected") == []


def test_choosing_a_quote_shows_its_type_cue_confidence_and_mention_chain(
    browser: WebDriver, review_server: str
) -> None:
    assert analyse(browser, review_server, README_TEXT) == "done"
    mark = browser.find_element(By.CSS_SELECTOR, 'mark[data-quote-id="q1"]')
    scroll_to(browser, mark).click()
    details = browser.find_element(By.ID, "details-body")
    fields = dict(
        zip(
            texts(browser, "#details-body dt"), texts(browser, "#details-body dd"), strict=True
        )
    )
    assert fields["Type"] == "indirect"
    assert fields["Cue"] == "“said” (lemma “say”)"
    assert fields["Confidence"] == "0.80"
    assert fields["Speaker"] == "Clara Voss (1)"
    assert "“who” resolves to Clara Voss (person)" in details.text
    chain = texts(browser, "#details-body .chain li")
    assert chain == [
        "“Clara Voss” at 59–69",
        "“who” at 103–106 (attributed here)",
        "“Voss” at 170–174",
    ]
    assert mark.get_attribute("aria-pressed") == "true"


def test_the_keyboard_alone_runs_the_page_and_reaches_quotes_and_speakers(
    browser: WebDriver, review_server: str
) -> None:
    open_page(browser, review_server)
    paste(browser, TWO_SPEAKERS)
    assert run(browser) == "done"
    active = browser.switch_to.active_element
    seen: list[str] = []
    for _ in range(40):  # Tab through the page until the first quote has focus
        active.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        seen.append(active.tag_name)
        if active.tag_name == "mark":
            break
    assert active.get_attribute("data-quote-id") == "q1", seen
    active.send_keys(Keys.ENTER)
    assert "direct" in browser.find_element(By.ID, "details-body").text
    for _ in range(40):  # on past the other quotes to the first speaker
        active.send_keys(Keys.TAB)
        active = browser.switch_to.active_element
        if "speaker" in (active.get_attribute("class") or ""):
            break
    assert active.get_attribute("data-speaker-id") == "s1"
    active.send_keys(Keys.SPACE)
    assert active.get_attribute("aria-pressed") == "true"
    active.send_keys(Keys.ESCAPE)
    assert active.get_attribute("aria-pressed") == "false"


def settled(driver: WebDriver, **expected: object) -> dict[str, object]:
    """Wait until the page has sent options with ``expected`` values (0.9 confidence unless
    told) and has drawn that answer; the options sent last."""
    want = {"min_confidence": 0.9, **expected}

    def done(d: WebDriver) -> bool:
        sent = d.execute_script("return window.sent.at(-1) || {}")
        ready = d.execute_script("return document.body.dataset.state") != "busy"
        return ready and all(sent.get(key) == value for key, value in want.items())

    wait(driver).until(done)
    return dict(driver.execute_script("return window.sent.at(-1)"))


def test_threshold_and_scope_controls_go_to_the_api(
    browser: WebDriver, review_server: str
) -> None:
    assert analyse(browser, review_server, README_TEXT) == "done"
    browser.execute_script(
        "window.sent = []; const send = window.fetch;"
        "window.fetch = (url, init) => { window.sent.push(JSON.parse(init.body).options);"
        " return send(url, init); };"
    )
    kept = ask_api(review_server, README_TEXT, min_confidence=0.9)
    assert [q["id"] for q in kept["quotes"]] == ["q2"]
    slider = browser.find_element(By.ID, "threshold")
    slider.send_keys(*[Keys.ARROW_RIGHT] * 18)  # 18 steps of 0.05: 0.90
    assert browser.find_element(By.ID, "threshold-value").text == "0.90"
    assert settled(browser) == {"scope": "speech", "min_confidence": 0.9}
    assert marks(browser) == api_parts(kept)
    browser.find_element(By.ID, "scope").send_keys("attribution")
    assert settled(browser, scope="attribution") == {
        "scope": "attribution", "min_confidence": 0.9
    }
    assert browser.execute_script("return document.body.dataset.state") == "done"


def test_a_text_over_the_limit_shows_the_413_message(
    browser: WebDriver, review_server: str
) -> None:
    assert analyse(browser, review_server, README_TEXT) == "done"
    long_text = README_TEXT * (MAX_TEXT_CHARS // len(README_TEXT) + 1)
    paste(browser, long_text)
    assert run(browser) == "error"
    message = error_text(browser)
    assert "too long for this server" in message and "HTTP 413" in message
    assert f"The text is longer than {MAX_TEXT_CHARS} characters." in message
    assert browser.find_element(By.ID, "error").get_attribute("role") == "alert"
    assert marks(browser) == []  # no stale highlights of the previous article


def test_an_empty_text_shows_the_422_message(browser: WebDriver, review_server: str) -> None:
    assert analyse(browser, review_server, "   \n  ") == "error"
    message = error_text(browser)
    assert "HTTP 422" in message and "The text is empty." in message
    # Another run clears the message.
    paste(browser, README_TEXT)
    assert run(browser) == "done" and error_text(browser) == ""


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (
            "Promise.resolve(new Response(JSON.stringify({error: {code: 'overloaded', "
            "message: 'The service is busy; retry shortly.', request_id: 'r-1'}}), "
            "{status: 503, headers: {'Retry-After': '7', 'content-type': 'application/json'}}))",
            ["busy or not ready", "HTTP 503", "retry shortly", "Try again in 7 s.", "r-1"],
        ),
        (  # a proxy's HTML error page instead of the API's JSON
            "Promise.resolve(new Response('<html><body>Bad gateway</body></html>', "
            "{status: 502, headers: {'content-type': 'text/html'}}))",
            ["could not answer", "HTTP 502"],
        ),
        ("Promise.reject(new TypeError('Failed to fetch'))", ["could not be reached"]),
    ],
    ids=["503", "502-html", "unreachable"],
)
def test_refusals_the_server_cannot_be_made_to_send_show_readable_messages(
    browser: WebDriver, review_server: str, reply: str, expected: list[str]
) -> None:
    open_page(browser, review_server)
    browser.execute_script(f"window.fetch = () => {reply};")
    paste(browser, README_TEXT)
    assert run(browser) == "error"
    message = error_text(browser)
    for part in expected:
        assert part in message
    assert "Bad gateway" not in message and "<" not in message


def test_article_text_never_becomes_markup(browser: WebDriver, review_server: str) -> None:
    answer = ask_api(review_server, MARKUP)
    assert answer["quotes"], "the article must have a quote for its markup to be drawn in"
    assert analyse(browser, review_server, MARKUP) == "done"
    assert browser.title == "Quote review"
    for where in ("#article", "#speakers", "#details-body"):
        drawn = browser.find_elements(By.CSS_SELECTOR, f"{where} img, {where} script, {where} b")
        assert drawn == []
    assert browser.find_element(By.ID, "article").get_attribute("textContent") == MARKUP
    assert marks(browser) == api_parts(answer)
    mark = browser.find_element(By.CSS_SELECTOR, "mark[data-quote-id]")
    scroll_to(browser, mark).click()
    assert "<img src=x" in browser.find_element(By.CSS_SELECTOR, "#details-body blockquote").text
    assert browser.find_elements(By.CSS_SELECTOR, "img") == []


def synthetic_answer(text: str, speakers: int) -> dict[str, object]:
    """An answer no pipeline gives, to draw what the renderer must survive: quote parts that
    overlap each other and a cue crossing a part's end, and more speakers than colours."""

    def span(start: int, end: int) -> dict[str, object]:
        return {"text": text[start:end], "start": start, "end": end}

    def quote(n: int, start: int, end: int, speaker: int) -> dict[str, object]:
        return {"id": f"q{n}", "type": "direct", **span(start, end), "parts": [span(start, end)],
                "paragraph": 0, "confidence": 0.9,
                "cue": {**span(end - 2, end + 2), "lemma": "say"},
                "speaker": {**span(end + 3, end + 5), "speaker_id": f"s{speaker}"}}

    quotes = [quote(1, 0, 10, 1), quote(2, 5, 15, 2)]
    quotes += [quote(n, 10 * n, 10 * n + 6, n) for n in range(3, speakers + 1)]
    return {
        "quotes": quotes,
        "speakers": [
            {"id": f"s{n}", "name": f"Speaker {n}", "kind": "person", "roles": [],
             "mentions": [], "quote_ids": [f"q{n}"]}
            for n in range(1, speakers + 1)
        ],
        "meta": {"elapsed_ms": 1.0, "cached": False},
    }


def test_overlapping_spans_and_more_speakers_than_colours_still_draw_every_part(
    browser: WebDriver, review_server: str
) -> None:
    text = "".join(chr(ord("a") + i % 26) for i in range(130))
    answer = synthetic_answer(text, speakers=10)
    open_page(browser, review_server)
    browser.execute_script(
        "const body = arguments[0];"
        "window.fetch = () => Promise.resolve(new Response(body, "
        "{status: 200, headers: {'content-type': 'application/json'}}));",
        json.dumps(answer),
    )
    paste(browser, text)
    assert run(browser) == "done"
    assert browser.find_element(By.ID, "article").get_attribute("textContent") == text
    covered: dict[str, set[int]] = {}
    for mark in marks(browser):
        covered.setdefault(mark["quote"], set()).update(range(mark["start"], mark["end"]))
    for quote in answer["quotes"]:  # type: ignore[attr-defined]
        assert covered[quote["id"]] == set(range(quote["start"], quote["end"])), quote["id"]
    cards = browser.find_elements(By.CSS_SELECTOR, "button.speaker")
    badges = [card.find_element(By.CLASS_NAME, "badge").text for card in cards]
    assert badges == [str(n) for n in range(1, 11)]
    # Speaker 9 has speaker 1's colour again, and a different line to tell them apart.
    styles = [
        browser.execute_script(
            "const s = getComputedStyle(arguments[0]);"
            "return [s.borderLeftColor, s.borderLeftStyle];", card
        )
        for card in cards
    ]
    assert styles[8][0] == styles[0][0] and styles[8][1] != styles[0][1]
    assert len({tuple(style) for style in styles}) == 10


def test_the_page_fits_a_phone_screen(browser: WebDriver, review_server: str) -> None:
    browser.set_window_size(*PHONE)
    assert analyse(browser, review_server, TWO_SPEAKERS) == "done"
    overflow = browser.execute_script(
        "const root = document.documentElement; return root.scrollWidth - root.clientWidth"
    )
    assert overflow <= 0
    width = browser.execute_script("return document.documentElement.clientWidth")
    for css in ("textarea", "#article", "#speakers", "#run"):
        box = browser.find_element(By.CSS_SELECTOR, css).rect
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, css
    # One column: the speakers come after the article, not beside it.
    article = browser.find_element(By.ID, "article").rect
    speakers = browser.find_element(By.ID, "speakers").rect
    assert speakers["y"] >= article["y"] + article["height"]


def test_with_the_page_turned_off_only_the_api_answers(browser: WebDriver) -> None:
    with serving({"QUOTES_REVIEW_PAGE": "false"}) as base:
        for path in ("/", "/review", "/review/review.js"):
            response = httpx.get(base + path)
            assert response.status_code == 404
            assert response.json()["error"]["code"] == "not_found"
        browser.get(base + "/review")
        assert browser.find_elements(By.CSS_SELECTOR, "textarea") == []
        assert "not_found" in browser.find_element(By.TAG_NAME, "body").text
        assert ask_api(base, README_TEXT)["quotes"]


def test_a_server_with_keys_asks_for_one_and_takes_it_from_the_connection_field(
    browser: WebDriver,
) -> None:
    with serving({"QUOTES_API_KEYS": "open-sesame"}) as base:
        assert analyse(browser, base, README_TEXT) == "error"
        message = error_text(browser)
        assert "HTTP 401" in message and "requires an API key" in message
        browser.find_element(By.CSS_SELECTOR, ".connection summary").click()
        browser.find_element(By.ID, "api-key").send_keys("open-sesame")
        assert run(browser) == "done"
        assert [mark["quote"] for mark in marks(browser)] == ["q1", "q2"]
