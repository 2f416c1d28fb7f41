"""The input template's fields: one description shared by its writer and its reader.

Each field is one workbook-scope defined name in the template (`revenue`,
`funnel_counts`, ...). The template writer lays the fields out, labels and
annotates them from here; the reader finds them by the same names and checks
them by the same kinds, so the two cannot drift apart. Inputs are found by name,
never by position: a consultant may insert rows or rename the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .. import i18n
from ..i18n import Text
from ..i18n.terms import METRICS
from ..model.inputs import CURRENCIES, LANGS, MAX_STAGES
from ..model.levers import LEVERS

Kind = Literal["text", "currency", "lang", "money", "count", "change", "rate", "number"]

# The choices of a list field; the first is the value of a blank cell.
CHOICES: dict[str, tuple[str, ...]] = {"currency": CURRENCIES, "lang": LANGS}

# Labels of the derived metrics (margin, retention, ...), by language and key.
METRIC_LABELS = {lang: {key: i18n.translator(lang)(label) for key, label in METRICS.items()} for lang in ("en", "ru")}


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
    return tuple(f for f in ALL_FIELDS if f.section == section)


# --- Optional sections (issue #4): cost structure, unit economics, channels, ranges ------------
#
# Blank, they change nothing. They are kept apart from FIELDS so the reader of the
# core fields stays as it is; `reader_optional` reads them. A template written
# before they existed has none of their names, and reads as before.

OPTIONAL_SECTIONS: tuple[Section, ...] = (
    Section(
        "costs",
        Text("Cost structure (optional)", "Структура затрат (необязательно)"),
        Text(
            "Blank: profit is revenue × margin. With a cost per employee: profit = revenue × (1 − variable share) "
            "− headcount × cost per employee − fixed costs, and the margin follows from revenue. The variable share "
            "alone only feeds the unit economics and the channels. Blank fixed costs are derived from last year.",
            "Пусто: прибыль = выручка × маржинальность. С затратами на сотрудника: прибыль = выручка × "
            "(1 − доля переменных затрат) − сотрудники × затраты на сотрудника − постоянные затраты, и "
            "маржинальность следует из выручки. Одна доля переменных затрат нужна только юнит-экономике и каналам. "
            "Пустые постоянные затраты выводятся из прошлого года.",
        ),
    ),
    Section(
        "unit_economics",
        Text("Unit economics (optional)", "Юнит-экономика (необязательно)"),
        Text(
            "With the marketing and sales spend, each point gets its cost to acquire a client (CAC), lifetime value "
            "(LTV) and payback. If clients stay less than a year, give their lifetime in months or a monthly churn: "
            "annual retention cannot express it.",
            "С затратами на маркетинг и продажи для каждой точки считаются стоимость привлечения клиента (CAC), "
            "его пожизненная ценность (LTV) и окупаемость. Если клиенты остаются меньше года, укажите срок жизни "
            "в месяцах или месячный отток: годовое удержание этого не выразит.",
        ),
    ),
    Section(
        "channels",
        Text("Acquisition channels, last year (optional)", "Каналы привлечения за прошлый год (необязательно)"),
        Text(
            "One channel per row, for the same year as the funnel: spend, contacts (reach: circulation, audience, "
            "impressions), leads (responses), sales (new paying clients) and revenue. The channels' leads should "
            "add up to the funnel's first stage.",
            "Один канал в строке, за тот же год, что и воронка: затраты, контакты (охват: тираж, аудитория, "
            "показы), лиды (отклики), продажи (новые оплатившие клиенты) и выручка. Лиды всех каналов в сумме "
            "должны дать первый этап воронки.",
        ),
    ),
    Section(
        "ranges",
        Text("Ranges for the uncertainty analysis (optional)", "Диапазоны для анализа неопределённости (необязательно)"),
        Text(
            "For a lever you are unsure of next year, its lowest and highest plausible value: both or neither. "
            "Rates in %, amounts in the currency above, leads as a count.",
            "Для рычага, в котором вы не уверены на следующий год, — наименьшее и наибольшее правдоподобное "
            "значение: оба или ни одного. Доли в %, суммы в валюте выше, лиды — числом.",
        ),
    ),
)

_MONTHS = Text("months", "мес.")

OPTIONAL_FIELDS: tuple[Field, ...] = (
    Field(
        "variable_share", "rate", "costs",
        Text("Variable cost share", "Доля переменных затрат"),
        Text("Share of revenue each sale costs (materials, commissions)", "Доля выручки, которую стоит каждая продажа "
             "(материалы, комиссии)"),
        Text(
            "Variable costs as a share of revenue: what each sale costs to deliver (materials, subcontractors, "
            "commissions), e.g. 1.5 M of 4 M = 37.5 %. 1 − this share is the contribution margin used for LTV and "
            "ROMI; with the cost per employee it also drives profit. Below 100 %.",
            "Переменные затраты как доля выручки: во что обходится исполнение каждой продажи (материалы, "
            "подрядчики, комиссии), например 1,5 млн из 4 млн = 37,5 %. 1 − эта доля — маржа, по которой считаются "
            "LTV и ROMI; вместе с затратами на сотрудника она определяет и прибыль. Меньше 100 %.",
        ),
        unit=_RATE,
    ),
    Field(
        "cost_per_employee", "money", "costs",
        Text("Cost per employee, a year", "Затраты на сотрудника в год"),
        Text("Pay, taxes and workplace of one person for a year", "Зарплата, налоги и рабочее место одного человека за год"),
        Text(
            "What one employee costs for a year: pay, payroll taxes, workplace. Headcount grows with revenue "
            "(revenue / revenue per employee), so these costs grow with it. Filling this cell switches on the "
            "cost structure; 0 if every staff cost is in the fixed costs.",
            "Во что обходится один сотрудник за год: зарплата, налоги на фонд оплаты труда, рабочее место. "
            "Численность растёт с выручкой (выручка / выручка на сотрудника), и эти затраты растут вместе с ней. "
            "Заполненная ячейка включает структуру затрат; 0, если все затраты на персонал в постоянных.",
        ),
    ),
    Field(
        "fixed_costs", "money", "costs",
        Text("Fixed costs, last year", "Постоянные затраты за прошлый год"),
        Text("Rent, administration: costs that do not grow with sales; blank = derived",
             "Аренда, администрация: затраты, не растущие с продажами; пусто = выводятся"),
        Text(
            "Costs that stay the same as sales grow: rent, administration, software. Leave blank to derive them "
            "from last year (revenue × (1 − variable share) − headcount × cost per employee − profit), so that "
            "point A reproduces last year's profit; a typed figure must agree with that.",
            "Затраты, которые не меняются с ростом продаж: аренда, администрация, программы. Оставьте пустым, "
            "чтобы вывести их из прошлого года (выручка × (1 − доля переменных) − сотрудники × затраты на "
            "сотрудника − прибыль) и точка A повторила прибыль прошлого года; введённое число должно с этим совпасть.",
        ),
    ),
    Field(
        "acquisition_spend", "money", "unit_economics",
        Text("Marketing and sales spend, last year", "Затраты на маркетинг и продажи"),
        Text("Everything spent to win new clients last year", "Всё, что потрачено на привлечение новых клиентов за год"),
        Text(
            "Everything spent last year to win new clients: advertising, agencies, sales commissions, the sales "
            "team if it only sells. CAC = this / new clients. For B, B′ and B″ the cost per lead stays as last "
            "year's, so their spend follows their leads.",
            "Всё, что потрачено за прошлый год на привлечение новых клиентов: реклама, агентства, комиссии "
            "продавцов, отдел продаж, если он только продаёт. CAC = эта сумма / новые клиенты. Для B, B′ и B″ "
            "стоимость лида остаётся прошлогодней, и затраты следуют за числом лидов.",
        ),
        positive=True,
    ),
    Field(
        "lifetime_months", "number", "unit_economics",
        Text("Average client lifetime", "Средний срок жизни клиента"),
        Text("How long a client keeps paying, in months; optional", "Сколько месяцев клиент платит; необязательно"),
        Text(
            "How many months an average client keeps paying. Give it (or the monthly churn below, not both) when "
            "clients stay less than a year: annual retention can only express lifetimes of a year or more. "
            "Blank: 12 / (1 − retention) months.",
            "Сколько месяцев в среднем платит клиент. Укажите его (или месячный отток ниже, но не оба), если "
            "клиенты остаются меньше года: годовое удержание выражает только сроки от года. "
            "Пусто: 12 / (1 − удержание) месяцев.",
        ),
        positive=True, unit=_MONTHS,
    ),
    Field(
        "monthly_churn", "rate", "unit_economics",
        Text("Monthly churn", "Месячный отток"),
        Text("Share of paying clients lost each month; optional", "Доля платящих клиентов, уходящих за месяц; необязательно"),
        Text(
            "The share of paying clients who leave in a month, e.g. 25 %. The lifetime is then 1 / churn months "
            "(25 % = 4 months). Give it or the average lifetime above, not both.",
            "Доля платящих клиентов, уходящих за месяц, например 25 %. Срок жизни тогда 1 / отток месяцев "
            "(25 % = 4 месяца). Укажите его или средний срок жизни выше, но не оба.",
        ),
        positive=True, unit=_RATE,
    ),
    Field(
        "channel_names", "text", "channels",
        Text("Channel", "Канал"),
        Text("Channel name", "Название канала"),
        Text(
            "The channel's name: a magazine, a website, cold calls, walk-ins. One channel per row; leave unused "
            "rows blank. Up to 8 channels.",
            "Название канала: журнал, сайт, холодные звонки, проходящий трафик. Один канал в строке; лишние "
            "строки оставьте пустыми. До 8 каналов.",
        ),
        rows=MAX_STAGES,
    ),
    Field(
        "channel_spend", "money", "channels",
        Text("Spend", "Затраты"),
        Text("What the channel cost last year", "Во что обошёлся канал за год"),
        Text(
            "What the channel cost for the year, everything included (placement, design, staff time). Cost per "
            "lead = spend / leads, cost of sale = spend / sales.",
            "Во что обошёлся канал за год, всё включая (размещение, макет, время сотрудников). Стоимость лида = "
            "затраты / лиды, стоимость продажи = затраты / продажи.",
        ),
        rows=MAX_STAGES,
    ),
    Field(
        "channel_contacts", "count", "channels",
        Text("Contacts", "Контакты"),
        Text("Reach: circulation, audience, impressions", "Охват: тираж, аудитория, показы"),
        Text(
            "How many potential clients saw the channel: circulation, audience, unique reach. Ad conversion = "
            "leads / contacts (80 responses of 10,000 copies = 0.8 %).",
            "Сколько потенциальных клиентов увидели канал: тираж, аудитория, уникальный охват. Конверсия рекламы "
            "= лиды / контакты (80 откликов на 10 000 экземпляров = 0,8 %).",
        ),
        rows=MAX_STAGES,
    ),
    Field(
        "channel_leads", "count", "channels",
        Text("Leads", "Лиды"),
        Text("Responses: calls, requests, visits", "Отклики: звонки, заявки, визиты"),
        Text(
            "Leads (responses) the channel brought: calls, requests, visits. The channels' leads should add up to "
            "the funnel's first stage.",
            "Лиды (отклики), которые привёл канал: звонки, заявки, визиты. В сумме по каналам — первый этап воронки.",
        ),
        rows=MAX_STAGES,
    ),
    Field(
        "channel_sales", "count", "channels",
        Text("Sales", "Продажи"),
        Text("New paying clients from the channel", "Новые оплатившие клиенты из канала"),
        Text(
            "New paying clients the channel brought. Conversion to sale = sales / leads.",
            "Новые оплатившие клиенты из канала. Конверсия в продажу = продажи / лиды.",
        ),
        rows=MAX_STAGES,
    ),
    Field(
        "channel_revenue", "money", "channels",
        Text("Revenue", "Выручка"),
        Text("Revenue from the channel's sales", "Выручка с продаж канала"),
        Text(
            "Revenue from the channel's sales. Average check = revenue / sales; return on marketing investment "
            "ROMI = (revenue × (1 − variable share) − spend) / spend.",
            "Выручка с продаж канала. Средний чек = выручка / продажи; возврат маркетинговых инвестиций "
            "ROMI = (выручка × (1 − доля переменных) − затраты) / затраты.",
        ),
        rows=MAX_STAGES,
    ),
)

# The levers the uncertainty analysis takes ranges for, with the kind of their values.
# Revenue per employee is not one: it moves headcount, not profit.
RANGE_LEVERS: tuple[tuple[str, Kind], ...] = tuple((lever.name, lever.kind) for lever in LEVERS if lever.rangeable)
_RANGE_BOUNDS = {"low": Text("low", "минимум"), "high": Text("high", "максимум")}


# `conversion` ranges the funnel's whole conversion from leads to paying clients (see `leverage.uncertainty`).
_RANGE_NAMES = {"conversion": Text("Conversion, leads to paying clients", "Конверсия из лида в клиента")}


def _range_field(lever: str, kind: Kind, bound: str) -> Field:
    name = _RANGE_NAMES[lever].en if lever in _RANGE_NAMES else METRIC_LABELS["en"].get(lever, lever)
    name_ru = _RANGE_NAMES[lever].ru if lever in _RANGE_NAMES else METRIC_LABELS["ru"].get(lever, lever)
    return Field(
        f"range_{lever}_{bound}", kind, "ranges",
        Text(f"{name.split(' (')[0]}, {bound}", f"{name_ru.split(' (')[0]}, {_RANGE_BOUNDS[bound].ru}"),
        Text(f"The {bound}est plausible value next year; optional", "Наименьшее правдоподобное значение на следующий год; "
             "необязательно" if bound == "low" else "Наибольшее правдоподобное значение на следующий год; необязательно"),
        Text(
            f"The {bound}est plausible value of \"{name.split(' (')[0]}\" next year, for the uncertainty analysis of "
            "B″. Give both the low and the high value, or neither; low at most high.",
            f"{'Наименьшее' if bound == 'low' else 'Наибольшее'} правдоподобное значение на следующий год "
            f"(«{name_ru.split(' (')[0]}») для анализа неопределённости. Укажите оба значения или ни одного; "
            "минимум не больше максимума.",
        ),
        positive=True, unit=_RATE if kind == "rate" else None, lever=lever,
    )


OPTIONAL_FIELDS += tuple(
    _range_field(lever, kind, bound) for lever, kind in RANGE_LEVERS for bound in ("low", "high")
)

# --- Market capacity (issue 11): the potential clients of the target segment -------------------

OPTIONAL_SECTIONS += (
    Section(
        "market",
        Text("Market capacity (optional)", "Ёмкость рынка (необязательно)"),
        Text(
            "The number of potential clients in the target segment (companies or people who could buy). Each "
            "point's leads and new clients are then shown as a share of it; a point that needs more leads than "
            "the market holds, or takes more than 5 % of it as new clients in a year, warns.",
            "Число потенциальных клиентов в целевом сегменте (компаний или людей, которые могли бы купить). "
            "Лиды и новые клиенты каждой точки тогда показываются как доля рынка; точка, которой нужно больше "
            "лидов, чем есть на рынке, или больше 5 % рынка новыми клиентами за год, даёт предупреждение.",
        ),
    ),
)

OPTIONAL_FIELDS += (
    Field(
        "market_size", "count", "market",
        Text("Market size, potential clients", "Ёмкость рынка, потенциальных клиентов"),
        Text("Potential clients in the target segment; optional", "Потенциальных клиентов в целевом сегменте; "
             "необязательно"),
        Text(
            "How many potential clients the target segment holds, as a whole number: e.g. 203,000 companies "
            "in the market (1 % of it is 2,030 clients). --market-size overrides it. Blank: no market shares.",
            "Сколько потенциальных клиентов в целевом сегменте, целым числом: например, 203 000 компаний "
            "на рынке (1 % от них — 2 030 клиентов). --market-size заменяет это значение. Пусто: без долей рынка.",
        ),
        positive=True, unit=_CLIENTS,
    ),
)

# The client's profile (issue #13): what `leverage portfolio --group-by` compares clients within.
OPTIONAL_SECTIONS += (
    Section(
        "profile",
        Text("Client profile (optional)", "Профиль клиента (необязательно)"),
        Text(
            "What the client is, for comparing it with similar clients: leverage portfolio --group-by industry "
            "benchmarks each client among those of the same industry. Changes nothing in the results.",
            "Кто этот клиент, чтобы сравнивать его с похожими: leverage portfolio --group-by industry сравнивает "
            "каждого клиента с клиентами той же отрасли. На результаты не влияет.",
        ),
    ),
)
OPTIONAL_FIELDS += (
    Field(
        "industry", "text", "profile",
        Text("Industry", "Отрасль"),
        Text("Such as IT services, retail, construction", "Например, ИТ-услуги, розница, строительство"),
        Text(
            "The client's industry, in your own words: clients whose industries are written alike (case and "
            "spacing aside) are compared with each other by leverage portfolio --group-by industry.",
            "Отрасль клиента, своими словами: клиенты с одинаково записанной отраслью (без учёта регистра и "
            "пробелов) сравниваются между собой командой leverage portfolio --group-by industry.",
        ),
    ),
)

# --- The monthly plan (issue 12): last year's revenue by month, and who answers for each metric ----

OPTIONAL_SECTIONS += (
    Section(
        "plan",
        Text("Monthly plan: seasonality and owners (optional)", "Помесячный план: сезонность и ответственные "
             "(необязательно)"),
        Text(
            "Last year's revenue of each calendar month, January to December: leverage plan --seasonality "
            "last-year spreads the year's flows like it. Below, who answers for each metric (a name or a "
            "function): shown beside the metric in the plan and in every alert of leverage track.",
            "Выручка прошлого года по календарным месяцам, с января по декабрь: leverage plan --seasonality "
            "last-year распределяет по ней потоки года. Ниже — кто отвечает за каждую метрику (имя или "
            "функция): выводится рядом с метрикой в плане и в каждом сигнале leverage track.",
        ),
    ),
)

# The calendar months, as the monthly revenue's rows are labelled (row 1 is January).
MONTH_NAMES: tuple[Text, ...] = (
    Text("January", "январь"), Text("February", "февраль"), Text("March", "март"), Text("April", "апрель"),
    Text("May", "май"), Text("June", "июнь"), Text("July", "июль"), Text("August", "август"),
    Text("September", "сентябрь"), Text("October", "октябрь"), Text("November", "ноябрь"),
    Text("December", "декабрь"),
)

# Who answers for what (the talk), by the owner key of `leverage plan --owner`.
_OWNERS: tuple[tuple[str, Text, Text], ...] = (
    ("leads", Text("Owner of leads", "Ответственный за лиды"), Text("e.g. marketing", "например, маркетинг")),
    ("conversion", Text("Owner of conversion", "Ответственный за конверсию"), Text("e.g. sales", "например, продажи")),
    ("retention", Text("Owner of retention", "Ответственный за удержание"),
     Text("e.g. account managers", "например, аккаунт-менеджеры")),
    ("avg_check", Text("Owner of the average check", "Ответственный за средний чек"),
     Text("e.g. account managers", "например, аккаунт-менеджеры")),
    ("margin", Text("Owner of margin", "Ответственный за маржинальность"), Text("e.g. the CEO", "например, генеральный директор")),
    ("rev_per_employee", Text("Owner of revenue per employee", "Ответственный за выручку на сотрудника"),
     Text("e.g. operations", "например, операционный директор")),
)

OPTIONAL_FIELDS += (
    Field(
        "monthly_revenue", "money", "plan",
        Text("Revenue", "Выручка"),
        Text("Last year's revenue of the month; all twelve or none", "Выручка месяца прошлого года; все двенадцать "
             "или ни одного"),
        Text(
            "Last year's revenue of each calendar month, January first, in the currency above: all twelve "
            "months or none. leverage plan --seasonality last-year takes each month's share of the twelve as "
            "its weight (a plan starting in April starts with April's). Their total should be the revenue above.",
            "Выручка прошлого года по календарным месяцам, начиная с января, в валюте выше: все двенадцать "
            "месяцев или ни одного. leverage plan --seasonality last-year берёт долю каждого месяца в сумме "
            "двенадцати как его вес (план с апреля начинается с доли апреля). Сумма должна совпасть с выручкой выше.",
        ),
        rows=12,
    ),
) + tuple(
    Field(
        f"owner_{key}", "text", "plan", title, Text(f"Who answers for it: {example.en}",
                                                      f"Кто за это отвечает: {example.ru}"),
        Text(
            f"Who answers for this metric ({example.en}): a name or a function, shown beside the metric in the "
            "plan and in every alert of leverage track. leverage plan --owner overrides it. Blank: no owner.",
            f"Кто отвечает за эту метрику ({example.ru}): имя или функция; выводится рядом с метрикой в плане "
            "и в каждом сигнале leverage track. leverage plan --owner заменяет это значение. Пусто: без ответственного.",
        ),
    )
    for key, title, example in _OWNERS
)

ALL_SECTIONS: tuple[Section, ...] = SECTIONS + OPTIONAL_SECTIONS
ALL_FIELDS: tuple[Field, ...] = FIELDS + OPTIONAL_FIELDS
_BY_NAME.update((f.name, f) for f in OPTIONAL_FIELDS)
