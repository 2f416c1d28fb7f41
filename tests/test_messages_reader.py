"""The messages of reading a template (cells, reader, reader_optional, labels) in Russian.

Whole Russian lines for representative problems, through the command on a Russian
template or with --lang ru; then the workbook-level problems (names, labels, formulas)
rendered in Russian, with no English left outside quoted values and identifiers. That
every message has its Russian at all is tests/test_catalog.py's to check.

Messages of other modules that reading embeds (the number parser's reasons,
lever-change errors, the ambiguous-share warning, the "save as .xlsx" advice)
are given stand-in Russian here, so that what is checked is how this area
translates and joins them, whatever their own wording.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from pathlib import Path
from unittest import mock

import corpus
import pytest
from cases import LABELS, MOVED, with_formulas
from click.testing import CliRunner
from corpus import RU
from openpyxl import Workbook

import leverage.form.cells
import leverage.form.read
from leverage.cli import main
from leverage.errors import ChangeError, InputError
from leverage.form.cells import printable
from leverage.form.fields import FIELDS, OPTIONAL_FIELDS, RANGE_LEVERS, field
from leverage.form.read import read_template
from leverage.i18n import Text, in_lang
from leverage.model.inputs import LEVER_NAMES

# --- Whole Russian lines ----------------------------------------------------------------------------------


def _errors_ru(tmp_path, *args, **cells):
    """`leverage solve` on the Russian template filled with the worked example and `cells`: its stderr lines."""
    source = corpus.filled(tmp_path / "ru.xlsx", RU, **{"currency": "RUB", "lang": "ru", **cells})
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(tmp_path / "out.xlsx"), *args])
    assert result.exit_code == 1, result.output
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


RUSSIAN = {
    "blank required amount": (dict(revenue=None), [
        "Error: Исходные данные!C10 (revenue): ожидалась сумма больше 0, а ячейка пуста"]),
    "a choice not on the list": (dict(currency="GBP"), [
        "Error: Исходные данные!C6 (currency): ожидалось USD, RUB или EUR, получено «GBP»"]),
    "a fraction of a client, a date, a yes/no": (dict(clients_new=36.5, clients_start=dt.datetime(2024, 1, 1),
                                                      headcount=True), [
        "Error: Исходные данные!C14 (headcount): ожидалось целое число больше 0, а не логическое значение "
        "(ИСТИНА или ЛОЖЬ), получено True",
        "Error: Исходные данные!C17 (clients_start): ожидалось целое число не меньше 0, а не дата (задайте ячейке "
        "формат «Числовой»), получено 2024-01-01 00:00:00",
        "Error: Исходные данные!C18 (clients_new): ожидалось целое число не меньше 0, получено 36.5"]),
    "a dot before three digits in a count": (dict(funnel_counts=["5.300", 1850, 37]), [
        "Error: Исходные данные!C24 (funnel_counts): ожидалось целое число больше 0: точка — это десятичный "
        "разделитель; чтобы получить 5300, напишите 5300 или 5 300, получено «5.300»"]),
    "a loss-making year": (dict(profit=-120_000), [
        "Error: Исходные данные!C11 (profit): ожидалась прибыль больше 0: при маржинальности (прибыль / выручка) "
        "0 или ниже каждая новая продажа только увеличивает убыток, так что при росте бизнеса растёт убыток, "
        "а не прибыль; сначала исправьте маржинальность (цены, расходы, клиенты, которые обходятся дороже, чем "
        "платят), получено -120000"]),
    "profit above revenue": (dict(profit=6_000_000), [
        "Error: Исходные данные!C11 (profit): ожидалась прибыль не больше выручки (5 880 000): маржинальность "
        "(прибыль / выручка) была бы 102 %, а чистая прибыль не может быть больше продаж, получено 6000000"]),
    "more lost clients than there were": (dict(clients_lost=90), [
        "Error: Исходные данные!C19 (clients_lost): ожидалось не больше 89 ушедших клиентов (клиенты на начало "
        "года 52 + новые 37), получено 90"]),
    "no active clients left": (dict(clients_lost=89), [
        "Error: Исходные данные!C19 (clients_lost): ожидалось меньше 89 ушедших клиентов (клиенты на начало "
        "года + новые): если к концу года не останется постоянных клиентов, средний чек (выручка / постоянные "
        "клиенты) не определён, получено 89"]),
    "a later stage above an earlier one": (dict(funnel_counts=[5300, 6000, 37]), [
        "Error: Исходные данные!C25 (funnel_counts): ожидалось не больше 5 300 — количества на предыдущем этапе "
        "(«Leads»): на следующем этапе не может быть больше, чем на предыдущем (это была бы конверсия выше "
        "100 %), получено 6000"]),
    "the last stage is not the new clients": (dict(funnel_counts=[5300, 1850, 40]), [
        "Error: Исходные данные!C26 (funnel_counts): ожидалось 37 — число новых клиентов (Исходные данные!C18): "
        "последний этап «Paid» — это оплатившие новые клиенты, получено 40"]),
    "gaps in the funnel": (dict(funnel_stages=["Лиды", None, "КП", None], funnel_counts=[5300, None, None, 37]), [
        "Error: Исходные данные!B25 (funnel_stages): здесь ожидался этап 2: этапы идут в строках подряд, начиная "
        "с первой, без пустых строк до последнего этапа, а ячейка пуста",
        "Error: Исходные данные!C26 (funnel_counts): ожидалось число: сколько дошло до этапа 3 «КП» за прошлый "
        "год, а ячейка пуста",
        "Error: Исходные данные!B27 (funnel_stages): ожидалось название этапа 4: для него указано количество, "
        "а ячейка пуста"]),
    "one funnel stage and a change on a missing step": (dict(
            funnel_stages=["Оплатили"], funnel_counts=[37], lever_conversion_steps=[None, "x2"]), [
        "Error: Исходные данные!C24:C31 (funnel_counts): ожидалось не меньше 2 этапов воронки: лиды в первой "
        "строке, оплатившие новые клиенты — в последней заполненной"]),
    "a change on a step the funnel lacks": (dict(lever_conversion_steps=[None, None, "x2"]), [
        "Error: Исходные данные!C45 (lever_conversion_steps): изменение на шаге 3 не ожидалось: в воронке 3 этапа, "
        "поэтому шаги — с 1 по 2, получено «x2»"]),
    "the optional sections": (dict(
            variable_share="100%", lifetime_months=4, monthly_churn="25%", channel_names=[None, "Радио"],
            channel_leads=[10, 2], range_margin_low="12%", range_avg_check_low=200_000,
            range_avg_check_high=150_000, range_retention_low="80%", range_retention_high="70%"), [
        "Error: Исходные данные!C53 (variable_share): ожидалась доля меньше 100 %: когда вся выручка уходит на "
        "переменные расходы, продажи не приносят никакой маржи, получено «100%»",
        "Error: Исходные данные!C61 (monthly_churn): ожидался либо средний срок жизни клиента (Исходные "
        "данные!C60), либо месячный отток, но не оба: срок жизни в месяцах равен 1 / отток, получено «25%»",
        "Error: Исходные данные!B66 (channel_names): ожидалось название канала 1: для него указаны данные, "
        "а ячейка пуста",
        "Error: Исходные данные!C78 (range_margin_high): ожидалась и верхняя граница диапазона: у margin задана "
        "только одна граница (Исходные данные!C77), а ячейка пуста",
        "Error: Исходные данные!C80 (range_avg_check_high): ожидалось не меньше нижней границы — 200 000 (Исходные "
        "данные!C79), получено 150000",
        "Error: Исходные данные!C82 (range_retention_high): ожидалось не меньше нижней границы — 80,00 % "
        "(Исходные данные!C81), получено «70%»"]),
    "unit economics without the spend": (dict(monthly_churn="3%"), [
        "Error: Исходные данные!C59 (acquisition_spend): ожидались расходы на маркетинг и продажи: без них "
        "юнит-экономика не посчитает стоимость привлечения клиента (указан месячный отток: Исходные данные!C61), "
        "а ячейка пуста"]),
}


@pytest.mark.parametrize("cells, lines", RUSSIAN.values(), ids=RUSSIAN.keys())
def test_a_russian_template_is_told_its_problems_in_russian(tmp_path, cells, lines):
    assert _errors_ru(tmp_path, **cells) == lines


def _error_result(cell: str):
    """`cell` of the first sheet holding =1/0 with its saved result, #DIV/0!, as Excel writes it."""
    def change(entries):
        xml = entries[corpus.SHEET].decode()
        new, count = re.subn(rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)',
                             lambda m: f'<c r="{cell}"{corpus._drop_type(m.group(1))} t="e"><f>1/0</f>'
                                       "<v>#DIV/0!</v></c>", xml, count=1)
        assert count == 1
        entries[corpus.SHEET] = new.encode()
    return change


def test_an_error_cell_and_a_formula_without_its_result(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru")
    path = corpus.rezip(source, tmp_path / "script.xlsx", corpus.with_formula("C14", "80+3", None))
    path = corpus.rezip(path, path, _error_result("C19"))
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(tmp_path / "out.xlsx")])
    assert result.stderr.splitlines() == [
        "Error: Исходные данные!C14 (headcount): ожидалось значение, а в ячейке формула без сохранённого "
        "результата (файл записан программой, которая не пересчитывает формулы); откройте и сохраните его в "
        "Excel или LibreOffice либо введите значение, получено «=80+3»",
        "Error: Исходные данные!C19 (clients_lost): ожидалось значение, а не ошибка, получено «#DIV/0!»",
    ]


def test_missing_and_broken_names_in_russian(tmp_path):
    def break_names(wb):
        del wb.defined_names["revenue"]
        wb.defined_names["profit"].attr_text = "'Исходные данные'!#REF!"
        wb.defined_names["funnel_counts"].attr_text = "'Исходные данные'!$C$24:$D$31"

    source = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru")
    result = CliRunner().invoke(main, ["solve", str(corpus.edit(source, break_names)), "-o", str(tmp_path / "o.xlsx")])
    assert result.stderr.splitlines() == [
        "Error: шаблон (revenue): ожидалась ячейка с именем «revenue» (Формулы > Диспетчер имён), но такого имени "
        "нет; перенесите данные в чистый шаблон из `leverage template`",
        "Error: шаблон (profit): ожидалось, что имя «profit» указывает на одну ячейку, а оно указывает на "
        "«'Исходные данные'!#REF!» (удалённая строка или лист оставляет #REF!); исправьте его в Формулы > "
        "Диспетчер имён",
        "Error: шаблон (funnel_counts): ожидалось, что имя «funnel_counts» указывает на один столбец ячеек, а оно "
        "указывает на «'Исходные данные'!$C$24:$D$31» (удалённая строка или лист оставляет #REF!); исправьте его "
        "в Формулы > Диспетчер имён",
    ]


def test_lost_names_and_labels_in_russian(tmp_path):
    """--lang ru on an English workbook whose names were lost: the label fallback's warning and problems."""
    def damage(wb):
        sheet = wb["Sheet1"]
        sheet["A14"] = sheet["B14"] = None  # the "headcount" key and the "Headcount" label
        sheet["B40"] = "Revenue"  # a second "Revenue" label

    path = corpus.edit(corpus.paste_values(corpus.filled(tmp_path / "s.xlsx"), tmp_path / "p.xlsx"), damage)
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(tmp_path / "o.xlsx"), "--lang", "ru"])
    assert result.stderr.splitlines() == [
        "Warning: Sheet1: в книге не оказалось имён ячеек (Формулы > Диспетчер имён); исходные данные найдены по "
        "их подписям",
        "Error: Sheet1!B40 (revenue): ожидалась подпись «Revenue» только один раз (она уже есть в B10): имён ячеек "
        "в книге нет, а по подписи, найденной дважды, не понять, какое значение имеется в виду",
        "Error: Sheet1 (headcount): ожидалась подпись «Количество сотрудников» (или «Headcount») со значением "
        "справа от неё: имён ячеек в книге нет, поэтому исходные данные ищутся по подписям",
    ]


def test_a_workbook_that_is_not_a_template_in_russian(tmp_path):
    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(InputError) as caught:
        read_template(path)
    assert caught.value.text("ru") == (
        f"{path}: не содержит ни именованных ячеек шаблона leverage (revenue, profit, ...), ни их подписей; "
        "ожидался заполненный шаблон из `leverage template`"
    )


# --- Embedded messages of other modules keep their language ------------------------------------------------

def _translated(function, error, russian):
    """`function`, its `error` given the Russian `russian(english)`, as its module will give it."""
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except error as exc:
            english = str(exc)
            raise error(Text(english, russian(english))) from None
    return wrapper


def _noted(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        note = function(*args, **kwargs)
        return None if note is None else Text(str(note), "предупреждение-заглушка")
    return wrapper


@contextlib.contextmanager
def stand_in_russian():
    """The messages of `changes` and `safety` that reading embeds, with stand-in Russian."""
    cells, reader = leverage.form.cells, leverage.form.read
    with contextlib.ExitStack() as stack:
        for module, name, patched in (
            (reader, "parse_change", _translated(reader.parse_change, ChangeError,
                                                 lambda english: english.split(": ")[0] + ": изменение-заглушка")),
            (cells, "ambiguous_share", _noted(cells.ambiguous_share)),
            (reader, "ambiguous_rate", _noted(reader.ambiguous_rate)),
            (reader, "SAVE_AS", Text(reader.SAVE_AS, "совет-заглушка")),
        ):
            stack.enter_context(mock.patch.object(module, name, patched))
        yield


def test_embedded_messages_come_in_their_own_russian(tmp_path):
    path = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru", revenue="abc", profit="5,880",
                         lever_margin="x0", lever_avg_check=None, lever_conversion_steps=[None, "1"])
    with stand_in_russian(), pytest.raises(InputError) as caught:
        read_template(path)
    assert caught.value.text("ru").splitlines() == [
        "Исходные данные!C10 (revenue): ожидалась сумма больше 0: число, например 1200000, 1 200 000 или 1,2 млн, "
        "получено «abc»",
        "Исходные данные!C11 (profit): ожидалась сумма больше 0; текст неоднозначен: «5,880» может означать 5880 или "
        "5.880; напишите 5880, 5 880 или 5.880 (с точкой — дробное число), получено «5,880»",
        "Исходные данные!C38 (lever_margin): изменение-заглушка",
    ]
    assert [w.text("ru") for w in caught.value.warnings] == [
        "Исходные данные!C44 (lever_conversion_steps): шаг 2 (Proposals → Paid): предупреждение-заглушка"]
    bad = corpus.filled(tmp_path / "bad.xlsx", lever_conversion_steps=[True, "x0"])
    with stand_in_russian(), pytest.raises(InputError) as caught:
        read_template(bad)
    assert caught.value.text("ru").splitlines() == [
        "Inputs!C43 (lever_conversion_steps): шаг 1 (Leads → Proposals): ожидалось изменение вида x2, +10% или "
        "новое значение, получено True",
        "Inputs!C44 (lever_conversion_steps): шаг 2 (Proposals → Paid): изменение-заглушка",
    ]
    # Until `numbers` has its Russian, its English reason is joined as the English joins it.
    with pytest.raises(InputError) as caught:
        read_template(corpus.filled(tmp_path / "plain.xlsx", revenue="abc"))
    assert caught.value.text("ru").startswith("Inputs!C10 (revenue): ожидалась сумма больше 0: ")


def test_english_stays_as_it_was(tmp_path):
    """The English of a translated message is unchanged (the existing tests assert it byte for byte)."""
    assert str(leverage.form.cells.expecting(field("headcount"))) == "expected a whole number above 0"
    with pytest.raises(InputError) as caught:
        read_template(corpus.filled(tmp_path / "en.xlsx", profit=6_000_000))
    assert str(caught.value) == (
        "Inputs!C11 (profit): expected a profit of at most the revenue (5,880,000): the margin (profit / revenue) "
        "would be 102%, and net profit cannot exceed what was sold, got 6000000")


# --- The workbook-level problems, in Russian, with no English left ---------------------------------------------

_IDENTIFIERS = {spec.name for spec in (*FIELDS, *OPTIONAL_FIELDS)} | set(LEVER_NAMES) | {
    lever for lever, _ in RANGE_LEVERS} | {
    "leverage", "Excel", "LibreOffice", "xlsx", "REF", "USD", "RUB", "EUR", "en", "ru", "Inputs", "Sheet",
    "Leads", "Proposals", "Paid",  # the worked example's stage names
}
# Quoted values, commands, cells (Inputs!C7, Sheet1!B40), and the technical "(ParseError: ...)" of an unreadable file.
_QUOTED = re.compile(r"«[^»]*»|`[^`]*`|\S+![$A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?|\(\w+: .*\)(?=; )")
_WORD = re.compile(r"[A-Za-z][A-Za-z_]*[A-Za-z]")


def leftover_english(text: str, *typed: object) -> list[str]:
    """The English words of a Russian message, besides quoted values, cells, identifiers and what was `typed`."""
    for value in typed:
        if isinstance(value, str) and value.strip():
            text = text.replace(printable(value), " ")
    text = _QUOTED.sub(" ", text)
    return [word for word in _WORD.findall(text) if word not in _IDENTIFIERS]


def _is_reading_problem(problem) -> bool:
    """A problem of this area: of a cell or a name, or a workbook that cannot be read as a template."""
    return problem.metric is not None or str(problem.expected).startswith(
        ("cannot be read as an .xlsx workbook", "has none of the named input cells"))


def check_russian(path: Path, *typed: object, expect_problems: bool | None = None) -> tuple[list[str], list[str]]:
    """Read `path` (with stand-in Russian for other modules' messages); every problem and warning of reading,
    rendered in Russian, has no English left. Returns the Russian problems and warnings."""
    problems, warnings = [], []
    with stand_in_russian():
        try:
            inputs = read_template(path)
        except InputError as exc:
            problems = [p for p in exc.problems if _is_reading_problem(p)]
            warnings = list(exc.warnings)
        else:
            warnings = list(inputs.warnings)
    if expect_problems is not None:
        assert bool(problems) == expect_problems, [str(p) for p in problems]
    for message in (*(p.expected for p in problems), *(w.message for w in warnings)):
        russian = in_lang(message, "ru")
        assert russian != str(message), f"no Russian: {message}"
        assert not leftover_english(russian, *typed), (russian, leftover_english(russian, *typed))
    return [p.text("ru") for p in problems], [w.text("ru") for w in warnings]


def _values(cells: dict) -> list[object]:
    return [v for value in cells.values() for v in (value if isinstance(value, list) else [value])]


def _broken_names(wb):
    del wb.defined_names["revenue"]
    wb.defined_names["profit"].attr_text = "Inputs!#REF!"
    wb.defined_names["funnel_counts"].attr_text = "Inputs!$C$24:$D$31"


def _names_that_are_not_ranges(entries):
    xml = entries["xl/workbook.xml"].decode()
    for name, text in (("company", 'Inputs!$C$5"2'), ("currency", ""), ("funnel_counts", "Inputs!$C:$C"),
                       ("funnel_stages", "Inputs!$B$31:$B$24")):
        xml = re.sub(rf'(<definedName name="{name}">)[^<]*', rf"\g<1>{text}", xml)
    entries["xl/workbook.xml"] = xml.encode()


def _unequal_columns(wb):
    """The funnel's counts one row short of its stage names, and a channel figure column one row short."""
    wb.defined_names["funnel_counts"].attr_text = "Inputs!$C$24:$C$30"
    wb.defined_names["channel_sales"].attr_text = "Inputs!$F$66:$F$72"


def _label_damage(wb):
    sheet = wb["Sheet1"]
    sheet["A14"] = sheet["B14"] = None
    sheet["B40"] = "Revenue"
    sheet["B24"] = None  # the funnel's header: its column is looked for below it


def test_every_driven_workbook_message_has_its_russian(tmp_path):
    """Names missing, broken or not a range; formulas without results; labels instead of names; not a template."""
    filled = corpus.filled(tmp_path / "plain.xlsx")
    problems, _ = check_russian(corpus.edit(corpus.filled(tmp_path / "names.xlsx"), _broken_names),
                                expect_problems=True)
    assert len(problems) == 3
    problems, _ = check_russian(corpus.rezip(filled, tmp_path / "ranges.xlsx", _names_that_are_not_ranges),
                                expect_problems=True)
    assert len(problems) == 4
    problems, _ = check_russian(corpus.edit(corpus.filled(tmp_path / "columns.xlsx", channel_names=["A"]),
                                            _unequal_columns), expect_problems=True)
    assert len(problems) == 2
    unsaved = corpus.rezip(corpus.filled(tmp_path / "range.xlsx", range_margin_low="12%"), tmp_path / "unsaved.xlsx", with_formulas(
        ("C10", "5000000+880000", None), ("C59", "1000000+500000", None), ("C78", "0.1*2", None)))
    problems, _ = check_russian(unsaved, "=5000000+880000", "=1000000+500000", "=0.1*2", expect_problems=True)
    assert len(problems) == 3
    problems, _ = check_russian(corpus.rezip(filled, tmp_path / "error.xlsx", _error_result("C19")), "#DIV/0!",
                                expect_problems=True)
    assert problems == ["Inputs!C19 (clients_lost): ожидалось значение, а не ошибка, получено «#DIV/0!»"]
    for template, at in LABELS.values():
        source = corpus.filled(tmp_path / "source.xlsx", template, revenue="5 880 000", lever_retention="80%",
                               lever_conversion_steps=[None, "x1.5"])
        _, warnings = check_russian(corpus.paste_values(source, tmp_path / "pasted.xlsx", at=at),
                                    expect_problems=False)
        assert warnings == ["Sheet1: в книге не оказалось имён ячеек (Формулы > Диспетчер имён); исходные данные "
                            "найдены по их подписям"]
    pasted = corpus.paste_values(corpus.filled(tmp_path / "s.xlsx"), tmp_path / "p.xlsx")
    problems, _ = check_russian(corpus.edit(pasted, _label_damage), "Revenue", expect_problems=True)
    assert len(problems) == 3
    for name, (change, _) in MOVED.items():
        check_russian(corpus.edit(corpus.filled(tmp_path / f"{len(name)}.xlsx", profit="lots"), change), "lots",
                      expect_problems=True)
    other = tmp_path / "other.xlsx"
    Workbook().save(other)
    problems, _ = check_russian(other, str(other), expect_problems=True)
    assert len(problems) == 1
    broken = tmp_path / "broken.xlsx"
    entries = corpus.parts(corpus.filled(tmp_path / "base.xlsx"))
    entries["xl/workbook.xml"] = entries["xl/workbook.xml"][:200]
    broken.write_bytes(corpus.zip_bytes(entries))
    problems, _ = check_russian(broken, str(broken), expect_problems=True)
    assert problems[0].startswith(f"{broken}: не читается как книга Excel (.xlsx) (")
    assert problems[0].endswith("); совет-заглушка")


def test_the_longest_funnel_and_a_bad_step_change_in_russian(tmp_path):
    cells = dict(funnel_stages=[f"S{k}" for k in range(1, 9)], funnel_counts=[5300, 4000, 3000, 2000, 1000, 500, 100, 37],
                 lever_conversion_steps=[None] * 6 + [True])
    problems, _ = check_russian(corpus.filled(tmp_path / "long.xlsx", **cells), *_values(cells), expect_problems=True)
    assert problems == ["Inputs!C49 (lever_conversion_steps): шаг 7 (S7 → S8): ожидалось изменение вида x2, +10% "
                        "или новое значение, получено True"]


def test_the_stand_ins_only_touch_other_modules(tmp_path):
    """Without the stand-ins, a problem of this area alone is all Russian: nothing here leans on them."""
    path = corpus.filled(tmp_path / "case.xlsx", clients_lost=90, currency="GBP")
    with pytest.raises(InputError) as caught:
        read_template(path)
    assert all(not leftover_english(in_lang(p.expected, "ru")) for p in caught.value.problems)
