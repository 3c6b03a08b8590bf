"""The check round's draft in a real Thunderbird (headless, a fresh profile): a double click on
the .eml opens an editable draft to the Ansprechpartner, with the subject and the entries as
published.

Optional: needs ``thunderbird`` (tried with 153 ESR); without it the test is skipped with that
reason.
"""

from __future__ import annotations

from tests.conftest import FIXTURES
from tests.test_meeting_thunderbird import OPEN_DRAFT


def test_thunderbird_opens_the_check_request_as_a_draft(fresh_thunderbird, netz, tmp_path,
                                                        monkeypatch):
    monkeypatch.setenv("NETZ_REGISTRY", str(FIXTURES / "pruefrunde.toml"))
    folder = tmp_path / "runde"
    assert netz("faellig", "--anschreiben", "-o", str(folder)).exit_code == 0
    result = fresh_thunderbird.run_script(OPEN_DRAFT, str(folder / "anna.eml"))
    assert "error" not in result, result.get("error")
    assert result["draft"] and not result["messageWindow"]
    assert result["to"] == "Anna Beispiel <anna@example.org>"
    assert result["bcc"] == ""
    assert result["subject"] == ("Bitte prüfen: Ihre Einträge im Verzeichnis "
                                 "„Sozialraum-Netzwerke in Hagen“")
    assert result["attachments"] == []
    body = result["body"]
    assert "Guten Tag Anna Beispiel," in body
    assert "Themen: Familie, Freizeit" in body
    assert "Stand: 2024-03" in body
    assert "netz verify forum-boele runder-tisch-vorhalle hasper-runde" in body
    assert "0171 1234567" not in body
