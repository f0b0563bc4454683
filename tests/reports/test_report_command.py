"""`rumbo report` and `rumbo digest` as an operator or a cron job calls them."""

import io

from click.testing import CliRunner
from pypdf import PdfReader

from rumbo.cli import main
from tests.reports.helpers import pdf_pages


def test_report_writes_the_one_page_board(cast, tmp_path):
    target = tmp_path / "asamblea.pdf"
    result = CliRunner().invoke(main, ["report", "--coop", "coop-a", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert f"{target}: 1 página" in result.output
    assert len(PdfReader(io.BytesIO(target.read_bytes())).pages) == 1


def test_report_full_in_english_about_one_area(cast, tmp_path):
    target = tmp_path / "full.pdf"
    result = CliRunner().invoke(
        main,
        ["report", "--coop", "coop-a", "--full", "--lang", "en", "--area", "ventas", "--by-area", "-o", str(target)],
    )
    assert result.exit_code == 0, result.output
    pages = pdf_pages(target.read_bytes())
    assert len(pages) >= 2 and any(p.startswith(("SALES", "VENTAS")) for p in pages[1:])


def test_report_says_in_spanish_what_is_wrong(cast, tmp_path):
    unknown = CliRunner().invoke(main, ["report", "--coop", "no-existe"])
    assert unknown.exit_code != 0 and "No existe la cooperativa «no-existe»" in unknown.output
    future = CliRunner().invoke(
        main, ["report", "--coop", "coop-a", "--date", "2100-12-31", "-o", str(tmp_path / "x.pdf")]
    )
    assert future.exit_code != 0 and "posterior a hoy" in future.output
    area = CliRunner().invoke(main, ["report", "--coop", "coop-a", "--area", "cocina"])
    assert area.exit_code != 0 and "Área desconocida: cocina" in area.output


def test_a_date_outside_1900_2100_is_refused_with_status_2_before_anything_is_computed(cast, tmp_path, mailoutbox):
    for command in (["report", "--coop", "coop-a", "-o", str(tmp_path / "x.pdf")], ["digest"]):
        for day in ("31/12/1899", "9999-12-31"):
            result = CliRunner().invoke(main, [*command, "--date", day])
            assert result.exit_code == 2 and isinstance(result.exception, SystemExit), (command, day, result.exception)
            assert f"Error: La fecha {day} está fuera del rango admitido (1900–2100)." in result.output
    assert not (tmp_path / "x.pdf").exists() and mailoutbox == []


def test_digest_sends_once_a_week(cast, mailoutbox):
    first = CliRunner().invoke(main, ["digest"])
    assert first.exit_code == 0, first.output
    assert "Resúmenes enviados: 4; ya enviados esta semana: 0." in first.output
    second = CliRunner().invoke(main, ["digest"])
    assert "Resúmenes enviados: 0; ya enviados esta semana: 4." in second.output and len(mailoutbox) == 4


def test_digest_for_one_cooperative(cast, mailoutbox):
    result = CliRunner().invoke(main, ["digest", "--coop", "coop-b"])
    assert result.exit_code == 0 and [m.to for m in mailoutbox] == [[cast.outsider.email]]


def test_digest_queued_for_a_worker_is_sent_once_a_week_too(cast, mailoutbox):
    # The tests' task backend runs a queued task at once; tests/insight/test_worker.py runs a real worker.
    for _run in range(2):
        result = CliRunner().invoke(main, ["digest", "--queue"])
        assert result.exit_code == 0 and "Resumen semanal en la cola" in result.output
    assert len(mailoutbox) == 4
