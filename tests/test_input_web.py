"""Web addresses: http and https only, without a user name before the host; never any other
address as a link in an export."""

from __future__ import annotations

import datetime as dt

import pytest

from netzwerk_cli import changes, contacts
from netzwerk_cli.check import ERROR, check_registry
from netzwerk_cli.errors import InputError
from netzwerk_cli.registry import registry_from_text
from netzwerk_cli.validate import check_webseite, web_link

TODAY = dt.date(2026, 11, 25)

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)//hagen.de",
    "javascript://hagen.de/%0aalert(1)",
    "https://evil.com@hagen.de",
    "http://user:passwort@hagen.de/",
    "evil.com@hagen.de",
    "mailto:info@hagen.de",
    "ftp://hagen.de/datei",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "https://hagen.de\\@evil.com",
    'https://hagen.de/"onmouseover="alert(1)',
    "https://hagen.de/<script>",
    "https://",
    "https://hagen.de:99999/",
]
GOOD = {
    "https://www.hagen.de": "https://www.hagen.de",
    "http://hagen.de/": "http://hagen.de/",
    "HTTPS://www.hagen.de/jugend?seite=2#oben": "HTTPS://www.hagen.de/jugend?seite=2#oben",
    "hagen-eppenhausen.de": "https://hagen-eppenhausen.de",
    "www.hagen.de/familie": "https://www.hagen.de/familie",
    "https://www.hagen.de:8443/x": "https://www.hagen.de:8443/x",
    "https://bürgerhaus-hagen.de": "https://bürgerhaus-hagen.de",
}


@pytest.mark.parametrize("address", HOSTILE)
def test_only_http_and_https_without_user_name_are_web_addresses(address):
    with pytest.raises(InputError, match="keine gültige Webadresse"):
        check_webseite(address)
    assert web_link(address) == ""


@pytest.mark.parametrize(("address", "link"), GOOD.items())
def test_ordinary_web_addresses_stay_as_typed_and_link_with_https(address, link):
    assert check_webseite(address) == address
    assert web_link(address) == link


def test_the_message_says_what_is_valid():
    with pytest.raises(InputError) as error:
        check_webseite("https://evil.com@hagen.de")
    message = str(error.value)
    assert "Feld „webseite“" in message
    assert "http" in message
    assert "Benutzername" in message


@pytest.fixture
def clean(fixture_file) -> str:
    return fixture_file("check-sauber.toml").read_text("utf-8")


@pytest.fixture
def registry(clean):
    return registry_from_text(clean, "t.toml")


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://evil.com@hagen.de"])
def test_input_refuses_them_for_networks_and_contacts(registry, address):
    with pytest.raises(InputError, match="Feld „webseite“"):
        changes.edit_netzwerk(registry, "forum-boele", {"webseite": address})
    with pytest.raises(InputError, match="Feld „webseite“"):
        contacts.edit_kontakt(registry, "treff", {"webseite": address})


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://evil.com@hagen.de",
                                     "mailto:info@hagen.de"])
def test_check_reports_them_in_a_hand_edited_file(clean, address):
    text = clean.replace('webseite = "https://forum-boele.example.org"',
                         f'webseite = "{address}"')
    text = text.replace('oeffentlich = true', f'webseite = "{address}"\noeffentlich = true')
    errors = [(f.level, f.entry, f.field) for f in check_registry(text, "t.toml", TODAY)
              if f.level == ERROR]
    assert errors == [(ERROR, "kontakte.treff", "webseite"),
                      (ERROR, "netzwerke.forum-boele", "webseite")]


@pytest.mark.parametrize("address", ["javascript:alert(1)", "https://evil.com@hagen.de"])
def test_cli_refuses_them(netz, tmp_path, clean, address):
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    for args in (["edit", "forum-boele", "--webseite", address],
                 ["kontakt", "edit", "treff", "--webseite", address],
                 ["add", "--name", "Neu", "--art", "AK", "--stadtweit", "--webseite", address]):
        result = netz(*args, "-r", str(path))
        assert result.exit_code == 2, result.output
        assert "keine gültige Webadresse" in result.stderr
    assert path.read_text("utf-8") == clean


@pytest.fixture
def hostile_file(tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(
        clean.replace('webseite = "https://forum-boele.example.org"',
                      'webseite = "javascript:alert(1)"')
        .replace('oeffentlich = true', 'webseite = "https://evil.com@hagen.de"\n'
                 'oeffentlich = true'), "utf-8")
    return path


def test_the_page_links_neither(netz, hostile_file):
    result = netz("export", "html", "-r", str(hostile_file))
    assert result.exit_code == 0, result.output
    assert "javascript:" not in result.stdout
    assert "evil.com" not in result.stdout
    assert 'href="https://javascript' not in result.stdout


def test_the_markdown_page_links_neither(netz, hostile_file):
    result = netz("export", "html", "--format", "markdown", "-r", str(hostile_file))
    assert result.exit_code == 0, result.output
    assert "javascript" not in result.stdout
    assert "evil.com" not in result.stdout


def test_the_vcard_has_no_url_for_it(netz, hostile_file):
    result = netz("export", "kontakte", "--format", "vcard", "-r", str(hostile_file))
    assert result.exit_code == 0, result.output
    assert "BEGIN:VCARD" in result.stdout
    assert "URL:" not in result.stdout
    assert "evil.com" not in result.stdout


def test_valid_addresses_are_still_linked(netz, tmp_path, clean):
    path = tmp_path / "networks.toml"
    path.write_text(clean.replace('oeffentlich = true',
                                  'webseite = "treff-boele.de"\noeffentlich = true'), "utf-8")
    page = netz("export", "html", "-r", str(path)).stdout
    assert '<a href="https://forum-boele.example.org">' in page
    assert '<a href="https://treff-boele.de">treff-boele.de</a>' in page
    card = netz("export", "kontakte", "--format", "vcard", "-r", str(path)).stdout_bytes
    assert b"URL:https://treff-boele.de\r\n" in card


# --- hosts mixing scripts: a Cyrillic "һ" in "һagen.de" (issue 10, item 13) -------------------

HOMOGRAPHS = {
    "https://һagen.de": "U+04BB",  # Cyrillic shha, looks like h
    "https://hаgen.de": "U+0430",  # Cyrillic a
    "https://hagen.dе/familie": "U+0435",  # Cyrillic e in the top-level domain
    "www.hαgen.de": "U+03B1",  # Greek alpha
    "https://ｈａｇｅｎ.de": "U+FF48",  # full-width Latin
    "https://haɡen.de": "U+0261",  # Latin script g, a look-alike without a base letter
    "https://пример.рф": "U+043F",  # only Latin letters: a Cyrillic host too
}
LATIN = ["https://müll-und-bürger.de", "https://straße-hagen.de", "https://café-élan.fr",
         "https://øresund.dk"]


@pytest.mark.parametrize(("address", "code"), HOMOGRAPHS.items())
def test_a_host_with_letters_of_another_script_is_refused_naming_the_letter(address, code):
    assert web_link(address) == ""
    with pytest.raises(InputError) as error:
        check_webseite(address)
    message = str(error.value)
    assert "lateinische Buchstaben" in message
    assert code in message


@pytest.mark.parametrize("address", LATIN)
def test_latin_letters_with_diacritics_are_fine_in_a_host(address):
    assert check_webseite(address) == address
    assert web_link(address) == address


def test_check_and_the_cli_refuse_the_homograph(netz, tmp_path, clean):
    text = clean.replace('webseite = "https://forum-boele.example.org"',
                         'webseite = "https://һagen.de"')
    errors = [(f.entry, f.field) for f in check_registry(text, "t.toml", TODAY)
              if f.level == ERROR]
    assert errors == [("netzwerke.forum-boele", "webseite")]
    path = tmp_path / "networks.toml"
    path.write_text(clean, "utf-8")
    result = netz("edit", "forum-boele", "--webseite", "https://һagen.de", "-r", str(path))
    assert result.exit_code == 2
    assert "U+04BB" in result.stderr
    assert path.read_text("utf-8") == clean
    path.write_text(text, "utf-8")
    page = netz("export", "html", "-r", str(path)).stdout
    assert "һagen" not in page or 'href="https://һagen.de"' not in page


# --- verify checks the entry as edit does (issue 10, item 13) ---------------------------------


def test_verify_refuses_an_entry_edit_would_refuse_and_says_how_to_fix_it(registry):
    registry.netzwerke["forum-boele"].webseite = "javascript:x"  # as a hand edit leaves it
    with pytest.raises(InputError) as error:
        changes.verify_entry(registry, "forum-boele", TODAY)
    message = str(error.value)
    assert "„javascript:x“ ist keine gültige Webadresse" in message
    assert "`netz edit forum-boele --webseite …`" in message
    assert registry.netzwerke["forum-boele"].stand == "2026-06"
    with pytest.raises(InputError) as edited:
        changes.edit_netzwerk(registry, "forum-boele", {"notiz": "z"})
    assert "`netz edit forum-boele --webseite …`" in str(edited.value)


def test_verify_of_an_offer_says_to_fix_it_in_the_file(registry):
    from netzwerk_cli.model import Angebot

    registry.angebote["musik"] = Angebot(name="Musik\x1b[2J", stand="2020-01")
    with pytest.raises(InputError) as error:
        changes.verify_entry(registry, "musik", TODAY)
    assert "U+001B" in str(error.value)
    assert "angebote.musik" in str(error.value)
    assert registry.angebote["musik"].stand == "2020-01"


def test_cli_verify_refuses_and_leaves_the_file_alone(netz, tmp_path, clean):
    path = tmp_path / "networks.toml"
    text = clean.replace('webseite = "https://forum-boele.example.org"',
                         'webseite = "javascript:x"')
    path.write_text(text, "utf-8")
    result = netz("verify", "forum-boele", "-r", str(path))
    assert result.exit_code == 2
    assert "keine gültige Webadresse" in result.stderr
    assert "netz edit forum-boele --webseite" in result.stderr
    assert path.read_text("utf-8") == text
    fixed = netz("edit", "forum-boele", "--webseite", "https://forum-boele.example.org",
                 "-r", str(path))
    assert fixed.exit_code == 0, fixed.stderr
    assert netz("verify", "forum-boele", "-r", str(path)).exit_code == 0
