"""The input template's fields: one description shared by its writer and its reader.

Each field is one workbook-scope defined name in the template (`revenue`,
`funnel_counts`, ...). The template writer lays the fields out, labels and
annotates them from here; the reader finds them by the same names and checks
them by the same kinds, so the two cannot drift apart. Inputs are found by name,
never by position: a consultant may insert rows or rename the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from . import i18n
from .model import CURRENCIES, LANGS, MAX_STAGES

Kind = Literal["text", "currency", "lang", "money", "count", "change"]

# The choices of a list field; the first is the value of a blank cell.
CHOICES: dict[str, tuple[str, ...]] = {"currency": CURRENCIES, "lang": LANGS}

# Labels of the derived metrics (margin, retention, ...), by language and key.
METRIC_LABELS = i18n.METRICS


class Text(NamedTuple):
    """One piece of wording in English and Russian."""

    en: str
    ru: str

    def get(self, lang: str) -> str:
        return self.ru if lang == "ru" else self.en


@dataclass(frozen=True)
class Section:
    """A titled group of fields; `intro` is a visible line explaining the group."""

    key: str
    title: Text
    intro: Text | None = None


@dataclass(frozen=True)
class Field:
    """One input of the template.

    `rows` > 1 makes the field a single-column range (a table column): the
    funnel has `MAX_STAGES` rows, the per-step conversion changes one fewer.
    `positive` means the value must be above 0, not merely 0 or more. A count is
    a whole number. A change is text in the lever-change syntax, applied to
    `lever` (to `lever.K` for row K of a range).
    """

    name: str
    kind: Kind
    section: str
    label: Text
    hint: Text
    note: Text
    required: bool = False
    positive: bool = False
    unit: Text | None = None
    rows: int = 1
    lever: str | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        return CHOICES.get(self.kind, ())


SECTIONS: tuple[Section, ...] = (
    Section("company", Text("Company and currency", "Компания и валюта")),
    Section("financial", Text("Financial results, last year", "Финансовые результаты за прошлый год")),
    Section("team", Text("Team", "Команда")),
    Section("clients", Text("Current business: clients, last year", "Текущий бизнес: клиенты за прошлый год")),
    Section(
        "funnel",
        Text("New-business funnel, last year", "Воронка нового бизнеса за прошлый год"),
        Text(
            "One stage per row from the top, no empty rows between: the first row is leads, the last "
            "filled row is paying new clients (equal to new clients above). Leave unused rows blank.",
            "Один этап в строке, сверху вниз, без пустых строк между этапами: первая строка — лиды, "
            "последняя заполненная — оплатившие новые клиенты (равно новым клиентам выше). "
            "Лишние строки оставьте пустыми.",
        ),
    ),
    Section("target", Text("Target", "Цель")),
    Section(
        "levers",
        Text("Lever changes for point B′", "Изменения рычагов для точки B′"),
        Text(
            "Type a change as text: x2 multiplies, +10% or -10% changes by a share, +5pp adds percentage "
            "points (rates only), 175k or 18% is a new value. Blank: the lever stays as last year.",
            "Впишите изменение текстом: x2 умножает, +10% или -10% меняет на долю, +5 п.п. прибавляет "
            "процентные пункты (только для долей), 175 тыс. или 18% — новое значение. Пусто: рычаг как в прошлом году.",
        ),
    ),
)

_PEOPLE = Text("people", "чел.")
_CLIENTS = Text("clients", "клиентов")
_RATE = Text("%", "%")

_MONEY_CHANGE = Text(
    "x2, +10%, -10%, or a new amount such as 175k; blank = no change",
    "x2, +10%, -10% или новая сумма, например 175 тыс.; пусто = без изменений",
)
_RATE_CHANGE = Text(
    "x1.2, +10%, +5pp, or a new value such as 18%; blank = no change",
    "x1,2, +10%, +5 п.п. или новое значение, например 18%; пусто = без изменений",
)

FIELDS: tuple[Field, ...] = (
    Field(
        "company", "text", "company",
        Text("Company", "Компания"),
        Text("The client's name, shown in the results", "Название клиента, попадёт в результаты"),
        Text(
            "The client's name. It is shown in the titles of the results; it may be left blank.",
            "Название компании клиента. Выводится в заголовках результатов; можно оставить пустым.",
        ),
    ),
    Field(
        "currency", "currency", "company",
        Text("Currency", "Валюта"),
        Text("USD, RUB or EUR: every amount below is in it", "USD, RUB или EUR: все суммы ниже в этой валюте"),
        Text(
            "The currency of every amount in this sheet: revenue, profit, the target, new amounts for levers. "
            "Choose USD, RUB or EUR from the list. Nothing is converted: the currency only labels the amounts.",
            "Валюта всех сумм на листе: выручки, прибыли, цели, новых значений рычагов. Выберите из списка "
            "USD, RUB или EUR. Пересчёта нет: валюта только подписывает суммы.",
        ),
    ),
    Field(
        "lang", "lang", "company",
        Text("Language", "Язык"),
        Text("en or ru: the language of the results", "en или ru: язык результатов"),
        Text(
            "The language of this template and of the results: en (English) or ru (Russian).",
            "Язык этого шаблона и результатов: en (английский) или ru (русский).",
        ),
    ),
    Field(
        "revenue", "money", "financial",
        Text("Revenue", "Выручка"),
        Text("Everything sold last year", "Все продажи за прошлый год"),
        Text(
            "Revenue (R) for last year: everything the company invoiced its clients, in the currency above. "
            "Type a number, e.g. 5880000 or 5 880 000.",
            "Выручка (R) за прошлый год: всё, что компания выставила клиентам, в валюте выше. "
            "Введите число, например 5880000 или 5 880 000.",
        ),
        required=True, positive=True,
    ),
    Field(
        "profit", "money", "financial",
        Text("Profit", "Прибыль"),
        Text("Net profit last year; must be above 0", "Чистая прибыль за прошлый год; больше 0"),
        Text(
            "Net profit (P) for last year, after all costs. Margin = profit / revenue is the first lever. "
            "It must be above 0: the method scales last year's economics, and scaling a loss multiplies the loss.",
            "Чистая прибыль (P) за прошлый год после всех расходов. Маржинальность = прибыль / выручка — "
            "первый рычаг. Должна быть больше 0: метод масштабирует экономику прошлого года, "
            "а масштабирование убытка умножает убыток.",
        ),
        required=True, positive=True,
    ),
    Field(
        "headcount", "count", "team",
        Text("Headcount", "Количество сотрудников"),
        Text("Average number of employees last year", "Среднесписочная численность за прошлый год"),
        Text(
            "Headcount (H): the average number of employees last year, in whole people. "
            "Revenue per employee = revenue / headcount is a lever: it tells how many people a larger revenue needs.",
            "Количество сотрудников (H): среднесписочная численность за прошлый год, целым числом. "
            "Выручка на сотрудника = выручка / сотрудники — рычаг: показывает, сколько людей нужно для большей выручки.",
        ),
        required=True, positive=True, unit=_PEOPLE,
    ),
    Field(
        "clients_start", "count", "clients",
        Text("Clients at start of year", "Клиенты на начало года"),
        Text("Clients buying on the first day of last year", "Покупали на первый день прошлого года"),
        Text(
            "Clients at the start of last year (S): the clients who were buying on its first day.",
            "Клиенты на начало прошлого года (S): клиенты, которые покупали на первый день года.",
        ),
        required=True, unit=_CLIENTS,
    ),
    Field(
        "clients_new", "count", "clients",
        Text("New clients", "Новые клиенты"),
        Text("First paid last year; equals the last funnel stage", "Впервые оплатили за год; равно последнему этапу воронки"),
        Text(
            "New clients (N): clients who paid for the first time last year. "
            "The last stage of the funnel below must equal this number.",
            "Новые клиенты (N): клиенты, впервые оплатившие за прошлый год. "
            "Последний этап воронки ниже должен быть равен этому числу.",
        ),
        required=True, unit=_CLIENTS,
    ),
    Field(
        "clients_lost", "count", "clients",
        Text("Lost clients", "Ушедшие клиенты"),
        Text("Stopped buying during last year", "Перестали покупать за прошлый год"),
        Text(
            "Lost clients: clients, old or new, who stopped buying during last year. Active clients at the end "
            "= start + new − lost; retention = active clients at the end / (start + new).",
            "Ушедшие клиенты: старые или новые клиенты, переставшие покупать за прошлый год. "
            "Постоянные клиенты на конец года = на начало + новые − ушедшие; "
            "конверсия в удержание = постоянные / (на начало + новые).",
        ),
        required=True, unit=_CLIENTS,
    ),
    Field(
        "funnel_stages", "text", "funnel",
        Text("Stage", "Этап"),
        Text("Stage name", "Название этапа"),
        Text(
            "The funnel's stages in order, one per row from the first row: leads first, paying new clients "
            "in the last filled row, and between them the steps you count (meetings, proposals sent). "
            "Up to 8 stages; no empty rows between stages.",
            "Этапы воронки по порядку, по одному в строке с первой строки: сначала лиды, в последней "
            "заполненной строке — оплатившие новые клиенты, между ними — этапы, которые вы считаете "
            "(встречи, отправленные КП). До 8 этапов, без пустых строк между ними.",
        ),
        required=True, rows=MAX_STAGES,
    ),
    Field(
        "funnel_counts", "count", "funnel",
        Text("Count last year", "Количество за прошлый год"),
        Text("How many reached the stage last year", "Сколько дошло до этапа за прошлый год"),
        Text(
            "How many reached this stage last year. A stage holds at most as many as the stage before it; "
            "the last stage equals new clients.",
            "Сколько дошло до этого этапа за прошлый год. На этапе не больше, чем на предыдущем; "
            "последний этап равен числу новых клиентов.",
        ),
        required=True, positive=True, rows=MAX_STAGES,
    ),
    Field(
        "target_profit", "money", "target",
        Text("Target profit", "Целевая прибыль"),
        Text("Profit wanted (point B); optional", "Желаемая прибыль (точка B); необязательно"),
        Text(
            "The profit the client wants to reach (P*, point B), in the currency above. "
            "Leave blank to give it when solving (--target-profit). Must be above 0.",
            "Прибыль, которую клиент хочет получить (P*, точка B), в валюте выше. "
            "Можно оставить пустой и задать при расчёте (--target-profit). Больше 0.",
        ),
        positive=True,
    ),
    Field(
        "lever_margin", "change", "levers",
        Text("Margin", "Маржинальность"),
        _RATE_CHANGE,
        Text(
            "Change to the profit margin (profit / revenue) for point B′: x1.5 multiplies it, +10% or -10% "
            "changes it by a share, +3pp adds percentage points, 15% sets a new margin. Blank: unchanged.",
            "Изменение маржинальности (прибыль / выручка) для точки B′: x1,5 умножает, +10% или -10% меняет "
            "на долю, +3 п.п. прибавляет процентные пункты, 15% задаёт новое значение. Пусто: без изменений.",
        ),
        unit=_RATE, lever="margin",
    ),
    Field(
        "lever_rev_per_employee", "change", "levers",
        Text("Revenue per employee", "Выручка на сотрудника"),
        _MONEY_CHANGE,
        Text(
            "Change to revenue per employee (revenue / headcount) for point B′: x1.2 multiplies it, "
            "+10% or -10% changes it by a share, 90k sets a new amount. Blank: unchanged.",
            "Изменение выручки на сотрудника (выручка / сотрудники) для точки B′: x1,2 умножает, "
            "+10% или -10% меняет на долю, 90 тыс. задаёт новую сумму. Пусто: без изменений.",
        ),
        lever="rev_per_employee",
    ),
    Field(
        "lever_avg_check", "change", "levers",
        Text("Average check", "Средний чек"),
        _MONEY_CHANGE,
        Text(
            "Change to the average check (annual revenue per active client) for point B′: x2 doubles it, "
            "+10% or -10% changes it by a share, 175k sets a new amount. Blank: unchanged.",
            "Изменение среднего чека (выручка за год на постоянного клиента) для точки B′: x2 удваивает, "
            "+10% или -10% меняет на долю, 175 тыс. задаёт новую сумму. Пусто: без изменений.",
        ),
        lever="avg_check",
    ),
    Field(
        "lever_retention", "change", "levers",
        Text("Retention", "Конверсия в удержание"),
        _RATE_CHANGE,
        Text(
            "Change to retention (active clients at the end / (start + new)) for point B′: x1.1 multiplies it, "
            "+5pp adds percentage points, 85% sets a new value. It cannot exceed 100 %. Blank: unchanged.",
            "Изменение конверсии в удержание (постоянные / (на начало + новые)) для точки B′: x1,1 умножает, "
            "+5 п.п. прибавляет процентные пункты, 85% задаёт новое значение. Не выше 100 %. Пусто: без изменений.",
        ),
        unit=_RATE, lever="retention",
    ),
    Field(
        "lever_conversion", "change", "levers",
        Text("Conversion, every step", "Конверсия, все шаги"),
        _RATE_CHANGE,
        Text(
            "Change to every step of the funnel at once for point B′: x1.5 multiplies each conversion, "
            "+2pp adds percentage points to each. A change to one step below applies on top. Blank: unchanged.",
            "Изменение всех шагов воронки сразу для точки B′: x1,5 умножает каждую конверсию, +2 п.п. прибавляет "
            "процентные пункты к каждой. Изменение отдельного шага ниже применяется поверх. Пусто: без изменений.",
        ),
        unit=_RATE, lever="conversion",
    ),
    Field(
        "lever_conversion_steps", "change", "levers",
        Text("Conversion, step", "Конверсия, шаг"),
        _RATE_CHANGE,
        Text(
            "Change to one step of the funnel for point B′: row 1 is stage 1 → stage 2, row 2 is "
            "stage 2 → stage 3, and so on. Same syntax as above; only steps your funnel has may change.",
            "Изменение одного шага воронки для точки B′: строка 1 — этап 1 → этап 2, строка 2 — "
            "этап 2 → этап 3 и так далее. Синтаксис тот же; менять можно только шаги вашей воронки.",
        ),
        unit=_RATE, rows=MAX_STAGES - 1, lever="conversion",
    ),
)

_BY_NAME = {f.name: f for f in FIELDS}


def field(name: str) -> Field:
    """The field with this defined name; KeyError names the unknown field."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"no template field {name!r}") from None


def label(name: str, lang: str) -> str:
    """The field's label in `lang` ("en" or "ru")."""
    return field(name).label.get(lang)


def fields_in(section: str) -> tuple[Field, ...]:
    """The fields of a section, in template order."""
    return tuple(f for f in FIELDS if f.section == section)
