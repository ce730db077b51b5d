"""The service in Japanese, Spanish and English (docs/i18n.md, sections 5-6).

Pages choose by ``?lang=``, the cookie, ``Accept-Language``, the default; feeds by
``?lang=`` only. Every language's feed has the same UIDs and SEQUENCEs, and a change
reaches each language's subscribers once: a translation changes no SEQUENCE, a moved
start raises it by one in every language.
"""

from __future__ import annotations

from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from summitcal.cli import main
from summitcal.tokens import default_state_dir
from summitcal.web import create_app

from conftest import EXAMPLE, settled
from ledger_contract import field, vevents

BASE = "/calendars/japan-peru-2024"
FEED = BASE + ".ics"
LUNCH = {
    "en": "Luncheon hosted by President Boluarte",
    "ja": "ボルアルテ大統領主催昼食会",
    "es": "Almuerzo ofrecido por la presidenta Boluarte",
}


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()


def summaries(data: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}


class TestPages:
    def test_lang_chooses_the_page_and_is_remembered(self, client: FlaskClient) -> None:
        response = client.get(BASE + "?lang=ja")
        html = response.data.decode()
        assert response.status_code == 200
        assert response.headers["Content-Language"] == "ja"
        assert {"Accept-Language", "Cookie"} <= set(response.vary)
        assert '<html lang="ja">' in html
        assert "<h1>日・ペルー首脳会談</h1>" in html and LUNCH["ja"] in html
        assert ">購読</h2>" in html and ">行事</th>" in html
        assert "summitcal_lang=ja" in response.headers["Set-Cookie"]
        # The change words in Japanese: the home clock named 日本時間, no English left.
        assert "を追加：リマ時間11月17日10時50分～12時頃（日本時間11月18日0時50分～2時頃）" in html
        assert "in Tokyo" not in html and "added:" not in html
        # The next visit, without ?lang=, keeps Japanese (the cookie), over the browser's.
        again = client.get(BASE, headers={"Accept-Language": "es"})
        assert again.headers["Content-Language"] == "ja"

    def test_accept_language_then_the_default(self, client: FlaskClient) -> None:
        spanish = client.get(BASE, headers={"Accept-Language": "es-PE,es;q=0.9,en;q=0.5"})
        assert spanish.headers["Content-Language"] == "es"
        assert "<h1>Reunión cumbre Perú-Japón</h1>" in spanish.data.decode()
        assert "Set-Cookie" not in spanish.headers  # only a reader's choice is kept
        french = client.get(BASE, headers={"Accept-Language": "fr-FR,fr"})
        assert french.headers["Content-Language"] == "en"
        assert "<h1>Japan–Peru Summit Meeting</h1>" in french.data.decode()

    def test_the_switcher_offers_each_language_named_in_itself(self, client: FlaskClient) -> None:
        html = client.get(BASE + "?lang=es&zone=Europe/Madrid&kind=meal").data.decode()
        assert '<nav class="languages" aria-label="Idioma">' in html
        for language, name in (("en", "English"), ("ja", "日本語"), ("es", "español")):
            href = (
                f"/calendars/japan-peru-2024?zone=Europe%2FMadrid&amp;kind=meal&amp;lang={language}"
            )
            assert f'<a href="{href}" hreflang="{language}" lang="{language}"' in html
            assert f">{name}</a>" in html
        assert 'lang="es" aria-current="true">español</a>' in html

    def test_subscribe_links_carry_the_page_language(self, client: FlaskClient) -> None:
        html = client.get(BASE + "?lang=ja").data.decode()
        assert 'href="webcal://localhost/calendars/japan-peru-2024.ics?lang=ja"' in html
        assert "japan-peru-2024.ics%3Flang%3Dja" in html  # Google's and Outlook's links
        assert "/events/luncheon.ics?download&amp;lang=ja" in html
        english = client.get(BASE + "?lang=en").data.decode()
        assert 'href="webcal://localhost/calendars/japan-peru-2024.ics"' in english
        # The QR code is of the page language's address: not the same picture.
        qr = html.split('<figure class="qr">')[1].split("</figure>")[0]
        assert qr != english.split('<figure class="qr">')[1].split("</figure>")[0]

    def test_the_glance_and_the_clocks_speak_spanish(self, client: FlaskClient) -> None:
        html = client.get(BASE + "?lang=es").data.decode()
        assert "El día de un vistazo" in html
        assert "dom, 17 nov 2024 en Lima, con la hora de Tokio" in html  # the SVG's title
        assert "Su hora" in html

    def test_a_tag_that_is_not_one_is_a_400(self, client: FlaskClient) -> None:
        response = client.get(BASE + "?lang=x-y-z!")
        assert response.status_code == 400
        assert "is not a language tag" in response.data.decode()

    def test_an_error_page_in_the_readers_language(self, client: FlaskClient) -> None:
        """Its heading, links and message (tests/test_error_languages.py has the rest)."""
        response = client.get("/calendars/no-such-visit", headers={"Accept-Language": "ja"})
        html = response.data.decode()
        assert response.status_code == 404 and response.headers["Content-Language"] == "ja"
        assert '<html lang="ja">' in html and "<h1>見つからない</h1>" in html
        assert (
            ">すべての予定表</a>" in html
            and "カレンダー &#39;no-such-visit&#39; はありません" in html
        )
        spanish = client.get("/calendars/no-such-visit?lang=es").data.decode()
        assert "<h1>No encontrado</h1>" in spanish
        # A ?lang= that is not a tag counts as not given: the browser's language.
        wrong = client.get(BASE + "?lang=x-y-z!", headers={"Accept-Language": "ja"})
        assert wrong.status_code == 400 and "<h1>不正な要求</h1>" in wrong.data.decode()
        # Programs still get JSON, in the language of ?lang=.
        assert client.get("/calendars/no-such-visit.ics?lang=ja").get_json()["status"] == 404

    def test_the_index_in_the_readers_language(self, client: FlaskClient) -> None:
        html = client.get("/", headers={"Accept-Language": "ja"}).data.decode()
        assert "<h1>予定表</h1>" in html and ">日・ペルー首脳会談</a>" in html
        assert "（4件）" in html  # full-width brackets in Japanese


class TestFeeds:
    def test_each_language_has_its_feed_with_the_same_events(self, client: FlaskClient) -> None:
        feeds = {}
        for language in ("en", "ja", "es"):
            response = client.get(FEED + f"?lang={language}")
            assert response.status_code == 200
            assert response.headers["Content-Language"] == language
            assert LUNCH[language] in summaries(response.data)
            feeds[language] = response
        english = client.get(FEED)
        assert english.data == feeds["en"].data
        for language in ("ja", "es"):
            events = vevents(feeds[language].data)
            assert events.keys() == vevents(english.data).keys()
            for event_id, vevent in events.items():
                for name in ("UID", "SEQUENCE", "DTSTART", "DTEND", "DTSTAMP"):
                    assert field(vevent, name) == field(vevents(english.data)[event_id], name)
        assert feeds["ja"].headers["ETag"] != english.headers["ETag"]

    def test_a_feed_ignores_accept_language(self, client: FlaskClient) -> None:
        response = client.get(FEED, headers={"Accept-Language": "ja"})
        assert response.headers["Content-Language"] == "en"
        assert LUNCH["en"] in summaries(response.data)

    def test_a_language_not_offered_gets_the_default_feed(self, client: FlaskClient) -> None:
        response = client.get(FEED + "?lang=fr")
        assert response.status_code == 200 and response.data == client.get(FEED).data

    def test_revalidation_per_language(self, client: FlaskClient) -> None:
        first = client.get(FEED + "?lang=ja")
        again = client.get(FEED + "?lang=ja", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304

    def test_one_event_json_and_history_in_a_language(self, client: FlaskClient) -> None:
        event = client.get(BASE + "/events/luncheon.ics?lang=es")
        assert summaries(event.data) == {LUNCH["es"]}
        data = client.get(BASE + ".json?lang=ja").get_json()
        assert data["title"] == "日・ペルー首脳会談"
        assert LUNCH["ja"] in {e["title"] for e in data["events"]}
        atom = client.get(BASE + "/history.atom?lang=es")
        assert atom.headers["Content-Language"] == "es"
        assert "Reunión cumbre Perú-Japón" in atom.data.decode()
        assert "/calendars/japan-peru-2024?lang=es" in atom.data.decode()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    settled(path)


def _stamps(client: FlaskClient, language: str) -> dict[str, tuple[str, str, str]]:
    """Event id → (SEQUENCE, LAST-MODIFIED, DTSTAMP) in ``language``'s feed."""
    data = client.get(FEED + f"?lang={language}").data
    return {
        event_id: (field(v, "SEQUENCE"), field(v, "LAST-MODIFIED"), field(v, "DTSTAMP"))
        for event_id, v in vevents(data).items()
    }


ALL = ("en", "ja", "es")


def test_sequence_follows_the_event_not_the_wording(client: FlaskClient, folder: Path) -> None:
    """docs/i18n.md section 5, rules 2-5: a corrected or removed translation changes no
    SEQUENCE, and only that language's LAST-MODIFIED and DTSTAMP; a moved start raises
    SEQUENCE once, the same in every language, and every language's stamps. (Each
    publish waits for the second after the last one: the ledger dates each version.)"""
    path = folder / EXAMPLE.name
    first = {language: _stamps(client, language) for language in ALL}
    assert {stamp[0] for stamp in first["en"].values()} == {"0"}
    assert first["ja"] == first["en"] == first["es"]

    # A corrected Japanese title (rule 4): the ja feed alone says so, SEQUENCE stays.
    _edit(
        path, 'title.ja = "ボルアルテ大統領主催昼食会"', 'title.ja = "ボルアルテ大統領主催の昼食会"'
    )
    assert "ボルアルテ大統領主催の昼食会" in summaries(client.get(FEED + "?lang=ja").data)
    corrected = {language: _stamps(client, language) for language in ALL}
    assert corrected["en"] == first["en"] and corrected["es"] == first["es"]
    sequence, modified, stamp = corrected["ja"]["luncheon"]
    assert sequence == "0" and modified > first["ja"]["luncheon"][1] and stamp == modified
    others = {k: v for k, v in corrected["ja"].items() if k != "luncheon"}
    assert others == {k: v for k, v in first["ja"].items() if k != "luncheon"}

    # The Spanish title removed (falls back to English; rule 4): only es moves.
    _edit(path, 'title.es = "Almuerzo ofrecido por la presidenta Boluarte"\n', "")
    removed = {language: _stamps(client, language) for language in ALL}
    assert LUNCH["en"] in summaries(client.get(FEED + "?lang=es").data)
    assert removed["en"] == first["en"] and removed["ja"] == corrected["ja"]
    assert removed["es"]["luncheon"][0] == "0"
    assert removed["es"]["luncheon"][1] > first["es"]["luncheon"][1]

    # The luncheon moved (rule 2): SEQUENCE 1 and the same new stamps in every language.
    _edit(path, "start = 2024-11-17T12:45:00", "start = 2024-11-17T13:00:00")
    moved = {language: _stamps(client, language) for language in ALL}
    assert moved["en"]["luncheon"] == moved["ja"]["luncheon"] == moved["es"]["luncheon"]
    assert moved["en"]["luncheon"][0] == "1"
    assert moved["en"]["luncheon"][1] > removed["ja"]["luncheon"][1]
    for language in ALL:
        assert {k: v[0] for k, v in moved[language].items() if k != "luncheon"} == {
            k: "0" for k in moved[language] if k != "luncheon"
        }


def test_export_from_the_ledger_is_the_services_feed_in_each_language(
    client: FlaskClient, folder: Path
) -> None:
    _edit(folder / EXAMPLE.name, 'title.ja = "共同記者発表"', 'title.ja = "日・ペルー共同記者発表"')
    for language in ALL:
        served = client.get(FEED + f"?lang={language}").data
        ledger = default_state_dir() / "summitcal.sqlite3"
        result = CliRunner().invoke(
            main,
            ["export", str(folder / EXAMPLE.name), "--ledger", str(ledger), "--lang", language],
        )
        assert result.exit_code == 0, result.output
        assert result.stdout_bytes == served, language


def test_a_new_translation_and_a_new_language_move_only_their_own_stamps(
    folder: Path,
) -> None:
    """Rules 3 and 7: a translation added where the language fell back, and a language
    added to the file with its texts: SEQUENCE unchanged everywhere; only that
    language's LAST-MODIFIED moves."""
    path = folder / EXAMPLE.name
    text = path.read_text(encoding="utf-8")
    without_es = "\n".join(
        line
        for line in text.splitlines()
        if not line.startswith(("title.es", "description.es", "location.es"))
    )
    without_es = without_es.replace('languages = ["en", "ja", "es"]', 'languages = ["en", "ja"]')
    without_es = without_es.replace(', es = "Reunión cumbre Perú-Japón" }', " }")
    without_es = without_es.replace('title.ja = "共同記者発表"\n', "")
    path.write_text(without_es + "\n", encoding="utf-8")
    settled(path)
    # Served from the start without Spanish (the app reads its folder as it starts).
    client = create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()
    first = {language: _stamps(client, language) for language in ("en", "ja")}
    assert LUNCH["en"] in summaries(client.get(FEED + "?lang=es").data)  # not offered: default

    # Japanese for the press conference, which fell back to English.
    _edit(
        path,
        'title.en = "Joint press conference"\n',
        'title.en = "Joint press conference"\ntitle.ja = "共同記者発表"\n',
    )
    added = {language: _stamps(client, language) for language in ("en", "ja")}
    assert added["en"] == first["en"]
    assert added["ja"]["press-conference"][0] == "0"
    assert added["ja"]["press-conference"][1] > first["ja"]["press-conference"][1]
    assert {k: v for k, v in added["ja"].items() if k != "press-conference"} == {
        k: v for k, v in first["ja"].items() if k != "press-conference"
    }

    # Spanish offered, with one title: es's stamps move for that event alone.
    _edit(path, 'languages = ["en", "ja"]', 'languages = ["en", "ja", "es"]')
    _edit(
        path,
        'title.ja = "ボルアルテ大統領主催昼食会"\n',
        'title.ja = "ボルアルテ大統領主催昼食会"\ntitle.es = "Almuerzo ofrecido por la presidenta Boluarte"\n',
    )
    spanish = _stamps(client, "es")
    assert LUNCH["es"] in summaries(client.get(FEED + "?lang=es").data)
    assert {k: v[0] for k, v in spanish.items()} == dict.fromkeys(spanish, "0")
    assert spanish["luncheon"][1] > added["en"]["luncheon"][1]
    assert {k: v for k, v in spanish.items() if k != "luncheon"} == {
        k: v for k, v in added["en"].items() if k != "luncheon"
    }
    assert _stamps(client, "en") == first["en"]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('title.en = "Luncheon hosted by President Boluarte"', 'title.en = "Working luncheon"'),
        (
            'location.en = "Presidential Palace (Palacio de Gobierno), Lima"',
            'location.en = "Torre Tagle Palace"',
        ),
    ],
    ids=["default title", "default place"],
)
def test_a_change_of_the_default_text_reaches_every_language_once(
    client: FlaskClient, folder: Path, old: str, new: str
) -> None:
    """Rule 2 for text: the default language's title or place is the event's; SEQUENCE
    goes up once, the same in every language's feed, with the same new stamps."""
    first = {language: _stamps(client, language) for language in ALL}
    _edit(folder / EXAMPLE.name, old, new)
    after = {language: _stamps(client, language) for language in ALL}
    changed = "luncheon" if "uncheon" in old else "summit-meeting"
    assert after["en"][changed] == after["ja"][changed] == after["es"][changed]
    assert after["en"][changed][0] == "1" and after["en"][changed][1] > first["en"][changed][1]
    for language in ALL:
        assert {k: v for k, v in after[language].items() if k != changed} == {
            k: v for k, v in first[language].items() if k != changed
        }
