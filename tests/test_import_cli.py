"""``netz import`` on the command line: summary, dry run, one undoable write, German errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import loaded

IMPORT = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def empty(tmp_path: Path) -> Path:
    """An empty registry file."""
    path = tmp_path / "register.toml"
    path.write_text("schema = 2\n", "utf-8")
    return path


def test_dry_run_shows_summary_and_diff_and_writes_nothing(netz, empty):
    result = netz("import", str(IMPORT / "mitglieder.xlsx"), "-r", str(empty), "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Import aus mitglieder.xlsx (Excel-Mappe, Blatt „Mitglieder“): "
                          "6 Zeilen.\nZuordnung der Spalten:\n  Name: „Name“\n")
    assert "neu\t6\nergänzt\t0\nunverändert\t0\nKonflikt\t0\nfehlerhaft\t0\n" in out
    assert "+[kontakte.anna-beispiel]\n" in out
    assert '+telefon = "02331 123456"\n' in out
    assert "Zeile 2, Spalte „Telefon“: die Zahl 2331123456 als 02331123456 gelesen" in out
    assert result.stderr.endswith("Probelauf: nichts geschrieben.\n")
    assert empty.read_text("utf-8") == "schema = 2\n"


def test_import_is_one_write_that_undo_takes_back(netz, empty):
    result = netz("import", str(IMPORT / "outlook-de.csv"), "-r", str(empty))
    assert result.exit_code == 0, result.output
    assert "neu\t5\n" in result.stdout
    assert "Gespeichert in" in result.stderr and "`netz undo`" in result.stderr
    assert len(loaded(empty).kontakte) == 5
    backups = list((empty.parent / ".netz-sicherungen" / empty.name).glob("*.toml.gz"))
    assert len(backups) == 1
    assert netz("undo", "-r", str(empty)).exit_code == 0
    assert empty.read_text("utf-8") == "schema = 2\n"


def test_the_same_file_twice_changes_nothing_the_second_time(netz, empty):
    netz("import", str(IMPORT / "thunderbird-de.csv"), "-r", str(empty))
    before = empty.read_bytes()
    result = netz("import", str(IMPORT / "thunderbird-de.csv"), "-r", str(empty))
    assert result.exit_code == 0
    assert "neu\t0\nergänzt\t0\nunverändert\t4\n" in result.stdout
    assert "Keine Änderung" in result.stderr
    assert empty.read_bytes() == before


def test_two_address_books_of_the_same_people_enrich_instead_of_duplicating(netz, empty):
    netz("import", str(IMPORT / "mitglieder.xlsx"), "-r", str(empty))
    result = netz("import", str(IMPORT / "outlook-de.csv"), "-r", str(empty))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "neu\t1\nergänzt\t2\nunverändert\t0\nKonflikt\t2\n" in out
    assert ("Zeile 3: joerg-mueller-luedenscheidt, Telefon: im Register „02331 987-654“, in "
            "der Datei „02331 98765“ – Wert im Register behalten; --ueberschreiben übernimmt "
            "den aus der Datei.") in out
    assert ("Zeile 2: anna-beispiel (Anna Beispiel): Funktion, Abteilung, Straße, Webseite, "
            "Notiz") in out
    kontakte = loaded(empty).kontakte
    assert len(kontakte) == 7
    assert kontakte["anna-beispiel"].funktion == "Leitung"  # filled from Outlook
    assert kontakte["anna-beispiel"].telefon == "02331 123456"  # the same number: kept
    assert kontakte["joerg-mueller-luedenscheidt"].telefon == "02331 987-654"  # kept


def test_faulty_rows_refuse_the_import_and_are_listed(netz, empty):
    result = netz("import", str(IMPORT / "fehlerhaft.csv"), "-r", str(empty))
    assert result.exit_code == 2
    assert "Fehlerhaft (nicht importiert):\n  Zeile 3, Spalte „E-Mail“:" in result.stdout
    assert "Neu:" not in result.stdout
    assert result.stderr == ("Fehler: Nichts importiert: 6 Zeilen sind fehlerhaft. Bitte in "
                             "der Datei korrigieren, oder mit --ueberspringen nur die "
                             "fehlerfreien Zeilen importieren.\n")
    assert empty.read_text("utf-8") == "schema = 2\n"


def test_ueberspringen_imports_the_good_rows(netz, empty):
    result = netz("import", str(IMPORT / "fehlerhaft.csv"), "-r", str(empty), "--ueberspringen")
    assert result.exit_code == 0
    assert "neu\t3\n" in result.stdout and "fehlerhaft\t6\n" in result.stdout
    assert sorted(loaded(empty).kontakte) == ["anna-beispiel",
                                              "hyperlink-https-example-com-klick", "zoe-krueger"]


def test_a_control_character_from_the_file_never_reaches_the_terminal(netz, empty):
    result = netz("import", str(IMPORT / "fehlerhaft.csv"), "-r", str(empty))
    assert "\x1b" not in result.stdout + result.stderr


def test_oeffentlich_marks_new_contacts_publishable(netz, empty):
    netz("import", str(IMPORT / "thunderbird.vcf"), "-r", str(empty), "--oeffentlich")
    assert all(k.oeffentlich for k in loaded(empty).kontakte.values())


def test_import_into_the_hagen_registry_keeps_its_networks(netz, hagen_in_use):
    before = loaded(hagen_in_use)
    result = netz("import", str(IMPORT / "excel-utf8-bom.csv"))
    assert result.exit_code == 0, result.output
    after = loaded(hagen_in_use)
    assert after.netzwerke == before.netzwerke
    assert len(after.kontakte) == len(before.kontakte) + 6


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: p.write_bytes(Path("/bin/sh").read_bytes()[:4000]
                             if Path("/bin/sh").exists() else b"\x00\x01\x02" * 100),
     "ist keine Textdatei, sondern enthält Binärdaten"),
    (lambda p: p.write_bytes(b""), "ist leer"),
    (lambda p: p.mkdir(), "ist ein Ordner, keine Datei"),
    (lambda p: None, "gibt es nicht"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
     "ist eine alte Excel-Datei (.xls, Excel 97–2003)"),
    (lambda p: p.write_bytes(b"PK\x03\x04kaputt"), "lässt sich nicht als Excel-Arbeitsmappe"),
    (lambda p: p.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis"
                             b".opendocument.spreadsheet"), "OpenDocument-Tabelle"),
    (lambda p: p.write_text("Datum;Thema\n2027-03-16;Treffen\n"),
     "keine Spalte für den Namen oder die Organisation"),
    (lambda p: p.write_text("Name;E-Mail\n"), "enthält unter der Kopfzeile keine Kontakte"),
    (lambda p: p.write_bytes(b"Name\n\"" + b"x" * 200_000 + b"\n"), "ein Wert ist länger als"),
])
def test_files_netz_cannot_read_give_a_german_message_and_exit_2(netz, empty, tmp_path, make,
                                                                 message):
    target = tmp_path / "liste.csv"
    make(target)
    result = netz("import", str(target), "-r", str(empty))
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stderr.startswith("Fehler: ")
    assert "Traceback" not in result.output
    assert empty.read_text("utf-8") == "schema = 2\n"


def test_a_huge_file_is_refused_before_it_is_read(netz, empty, tmp_path, monkeypatch):
    from netzwerk_cli import imports

    monkeypatch.setattr(imports, "MAX_FILE_BYTES", 1000)
    target = tmp_path / "riesig.csv"
    target.write_text("Name\n" + "Anna\n" * 1000)
    result = netz("import", str(target), "-r", str(empty))
    assert result.exit_code == 2
    assert "netz liest Listen bis" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--spalte", "emial=Mail"], "Meinten Sie „email“?"),
    (["--spalte", "email=Mial"], "keine Spalte „Mial“. Meinten Sie „Mail“?"),
    (["--blatt", "Mitglieder"], "--blatt gilt nur für Excel-Dateien"),
])
def test_option_mistakes_are_usage_errors(netz, empty, tmp_path, args, message):
    target = tmp_path / "liste.csv"
    target.write_text("Name;Mail\nAnna;anna@example.org\n")
    result = netz("import", str(target), "-r", str(empty), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_no_progress_bar_in_a_pipe(netz, empty, tmp_path):
    target = tmp_path / "lang.csv"
    target.write_text("Name\n" + "".join(f"Person {i}\n" for i in range(500)))
    result = netz("import", str(target), "-r", str(empty))
    assert result.exit_code == 0
    assert "Zeilen prüfen" not in result.stderr and "\x1b" not in result.stderr


def test_a_progress_bar_on_a_terminal_for_long_files(netz, empty, tmp_path, monkeypatch):
    from netzwerk_cli.cli import imports

    updates = []
    monkeypatch.setattr(imports, "_stderr_is_terminal", lambda: True)
    monkeypatch.setattr("rich.progress.Progress.update",
                        lambda self, task, **kwargs: updates.append(kwargs["completed"]))
    target = tmp_path / "lang.csv"
    target.write_text("Name\n" + "".join(f"Person {i}\n" for i in range(500)))
    assert netz("import", str(target), "-r", str(empty)).exit_code == 0
    assert updates == list(range(50, 501, 50))
    updates.clear()
    short = tmp_path / "kurz.csv"
    short.write_text("Name\nAnna\n")
    assert netz("import", str(short), "-r", str(empty)).exit_code == 0
    assert updates == []


def test_help_explains_formats_mapping_and_matching(netz):
    result = netz("import", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.replace("│", " ").split())
    for expected in ("Windows-1252", "vCard", "Ansprechpartner/in", "--ueberschreiben",
                     "--ueberspringen", "netz undo", "E-Mail-Adresse"):
        assert expected in text, expected


def test_the_fixtures_are_byte_exact(tmp_path):
    """The test files are meant byte for byte (CRLF, cp1252, UTF-16): git must not touch them."""
    attributes = (IMPORT / ".gitattributes").read_text()
    assert "*.csv -text" in attributes and "*.vcf -text" in attributes
    assert (IMPORT / "outlook-de.csv").read_bytes().count(b"\r\n") >= 6
    copy = tmp_path / "x.csv"
    shutil.copyfile(IMPORT / "google-contacts-alt.csv", copy)
    assert copy.read_bytes()[:2] == b"\xff\xfe"
