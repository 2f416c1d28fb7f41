"""Messages in the consultant's language: the command's --lang, else the template's; English otherwise."""

from __future__ import annotations

import copy
import json
import pickle

import corpus
from click.testing import CliRunner
from corpus import RU
from openpyxl import load_workbook

from leverage.cli import main
from leverage.errors import InputError, Notice, Problem
from leverage.i18n import Text, compose, in_lang

RETENTION = Text("expected a share between 0 and 100 %", "ожидалась доля от 0 до 100 %")


def test_a_text_is_its_english_and_carries_its_russian():
    assert RETENTION == "expected a share between 0 and 100 %" and f"{RETENTION}" == str(RETENTION)
    assert in_lang(RETENTION, "ru") == "ожидалась доля от 0 до 100 %"
    assert in_lang(RETENTION, "en") == in_lang(RETENTION, None) == str(RETENTION)
    assert in_lang("plain English", "ru") == "plain English"  # no Russian: the English
    assert in_lang(ValueError(RETENTION), "ru") == RETENTION.ru
    for twin in (pickle.loads(pickle.dumps(RETENTION)), copy.deepcopy(RETENTION)):
        assert twin == RETENTION and twin.ru == RETENTION.ru


def test_compose_puts_each_part_in_each_language():
    text = compose('"{seen}": {why}', "«{seen}»: {why}", seen="1,4", why=ValueError(RETENTION))
    assert text == '"1,4": expected a share between 0 and 100 %'
    assert text.ru == "«1,4»: ожидалась доля от 0 до 100 %"


def test_problems_and_warnings_render_in_either_language():
    problem = Problem("Inputs!C7", "retention", RETENTION, "1,4")
    assert str(problem) == 'Inputs!C7 (retention): expected a share between 0 and 100 %, got "1,4"'
    assert problem.text("ru") == "Inputs!C7 (retention): ожидалась доля от 0 до 100 %, получено «1,4»"
    blank = Problem("Inputs!C7", "retention", RETENTION, None)
    assert str(blank).endswith(", got a blank cell") and blank.text("ru").endswith(", а ячейка пуста")
    assert Problem(None, "--lever", "x", has_seen=False).text("ru") == "шаблон (--lever): x"
    error = InputError([problem, blank])
    assert str(error) == f"{problem}\n{blank}" and error.text("ru") == f"{problem.text('ru')}\n{blank.text('ru')}"
    notice = Notice("Inputs!C11", "margin", Text("looks high", "выглядит высокой"))
    assert str(notice) == "Inputs!C11 (margin): looks high" and notice.text("ru") == "Inputs!C11 (margin): выглядит высокой"


def _solve(path, *args):
    return CliRunner().invoke(main, ["solve", str(path), "-o", str(path.with_name("out.xlsx")), *args])


def test_a_russian_template_gets_its_problems_in_russian_unless_lang_says_otherwise(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru", clients_lost="двадцать два")
    russian = _solve(source)
    assert russian.exit_code == 1
    [line] = russian.stderr.splitlines()
    assert line.startswith("Error: Исходные данные!C19 (clients_lost): ") and line.endswith(", получено «двадцать два»")
    english = _solve(source, "--lang", "en")
    assert english.exit_code == 1 and english.stderr.splitlines()[0].endswith(', got "двадцать два"')


def test_an_english_template_gets_english_unless_lang_says_russian(tmp_path):
    source = corpus.filled(tmp_path / "en.xlsx", clients_lost="twenty-two")
    assert _solve(source).stderr.splitlines()[0].endswith(', got "twenty-two"')
    assert _solve(source, "--lang", "ru").stderr.splitlines()[0].endswith(", получено «twenty-two»")


def test_warnings_follow_the_language_on_stderr_and_in_the_workbook_json_stays_english(tmp_path):
    # A 68 % margin is possible but suspicious: a warning, and the run goes on.
    source = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru", profit=4_000_000)
    result = _solve(source, "--json")
    assert result.exit_code == 0, result.output
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("Warning: ") and "(margin)" in line]
    [notice] = [notice for notice in json.loads(result.stdout)["warnings"] if notice["metric"] == "margin"]
    assert notice["message"].startswith("the margin is 68.03% (profit 4,000,000")
    assert warning.startswith(f"Warning: {notice['location']} ({notice['metric']}): ")
    assert warning != f"Warning: {notice['location']} ({notice['metric']}): {notice['message']}"  # Russian
    checks = load_workbook(tmp_path / "out.xlsx")["Проверки"]
    texts = [cell.value for row in checks.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert warning.removeprefix("Warning: ") in texts


def test_the_readme_shows_real_russian_messages(tmp_path):
    readme = (corpus.ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Messages in Russian"):]
    block = section[section.index("```\n") + 4:section.index("```", section.index("```\n") + 4)]
    source = corpus.filled(tmp_path / "клиент.xlsx", RU, currency="RUB", lang="ru", headcount="", clients_lost="-3")
    shown: dict[str, list[str]] = {}
    command = ""
    for line in block.splitlines():
        if line.startswith("$ "):
            command = line
            shown[command] = []
        else:
            shown[command].append(line)
    assert len(shown) == 2
    for command, lines in shown.items():
        args = command.split()[4:]  # after "$ leverage solve FILE"
        result = CliRunner().invoke(main, ["solve", str(source), *args])
        assert result.exit_code == 1 and result.stderr.splitlines() == lines, command
