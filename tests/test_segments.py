"""`leverage segments`: the talk's logistics case figure by figure, real exports in tmp_path, located errors."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import leverage
from leverage.cli import main
from leverage.model.segments import Client, segment

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "crm-export-ru.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_logistics_case_figure_by_figure():
    """73 % of clients under 100,000 a year, 95,000 to serve each: a negative segment, and dropping it triples the check."""
    report = leverage.segments(SAMPLE, bands=[100_000], cost_per_client=95_000, drop=["<100k"])
    small, large = report.segmentation.bands
    assert (small.name, small.clients, small.share_clients) == ("<100k", 219, 0.73)
    assert small.revenue == 219 * 50_000 and small.contribution == 219 * (50_000 - 95_000)
    assert large.clients == 81 and large.revenue == pytest.approx(81 * 600_000.5)
    assert "<100k" in [s.name for s in report.segmentation.negative]
    d = report.drop
    assert (d.clients_dropped, d.clients) == (219, 81)
    assert d.avg_check == pytest.approx(600_000.5)
    assert d.avg_check_factor == pytest.approx(600_000.5 / ((219 * 50_000 + 81 * 600_000.5) / 300))
    assert round(d.avg_check_factor, 1) == 3.0
    assert d.cost_saved == 219 * 95_000
    assert d.contribution_after == pytest.approx(d.contribution_before + 219 * 45_000)
    # B′'s margin for a template of 59.55 M revenue and 3 M profit: (P − dropped revenue + dropped cost) / (R − dropped).
    assert d.margin(3e6, d.revenue + d.revenue_dropped) == pytest.approx(
        (3e6 - 219 * 50_000 + 219 * 95_000) / (81 * 600_000.5))


def test_the_command_prints_the_table_the_drop_and_the_warnings():
    result = run("segments", SAMPLE, "--cost-per-client", "95k", "--drop", "<100k", "--bands", "100k")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == 'Columns taken: client "Клиент", revenue "Сумма, руб.", segment "Сегмент"'
    assert "Dropping <100k: 219 clients leave, taking 10,950,000 ₽ of revenue.\n" in result.stdout
    assert "Average check 198,500 ₽ -> 600,000 ₽: 3.02×.\n" in result.stdout
    assert (f"Warning: {SAMPLE}: the segment <100k costs more to serve than it brings: contribution -9,855,000 ₽ "
            "over 219 clients\n") in result.stderr


def test_readme_shows_what_segments_prints():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = '$ leverage segments crm-export-ru.csv --cost-per-client 95k --drop "<100k" --bands 100k\n'
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("```", start)]
    result = run("segments", SAMPLE, "--cost-per-client", "95k", "--drop", "<100k", "--bands", "100k")
    assert shown == result.stdout + result.stderr.replace(str(SAMPLE), "crm-export-ru.csv")


def test_json_equals_the_api_and_russian_renders(tmp_path):
    result = run("segments", SAMPLE, "--cost-per-client", "95k", "--drop", "C", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    from leverage.render.segments import to_dict

    assert data == json.loads(json.dumps(to_dict(leverage.segments(SAMPLE, cost_per_client=95_000, drop=["C"]))))
    assert data["columns"] == {"client": "Клиент", "revenue": "Сумма, руб.", "segment": "Сегмент"}
    assert data["drop"]["what"] == "C"
    ru = run("segments", SAMPLE, "--drop", "малый", "--lang", "ru")
    assert ru.exit_code == 0 and "Отказ от малый: уходят 219 клиентов" in ru.stdout


def test_transactions_are_summed_per_client_and_refunds_net_out(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_text("\ufeffClient,Amount,Date\nAcme,\"1,000.50\",2025-01-10\nAcme,-200,2025-02-01\nBeta,300,2025-03-01\n"
                    "Gamma,100,2025-03-02\nGamma,-100,2025-03-03\n", encoding="utf-8")
    report = leverage.segments(path)
    assert {c.name: c.revenue for c in report.segmentation.clients} == {"Acme": 800.5, "Beta": 300.0}
    assert any("left out of the shares: Gamma" in w.text() for w in report.warnings)


def test_xlsx_export_with_a_mapped_column(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Report"])
    ws.append(["Name", "Paid", "Region"])
    ws.append(["Acme", 500, "North"])
    ws.append(["Beta", 1500, "South"])
    path = tmp_path / "crm.xlsx"
    wb.save(path)
    result = run("segments", path, "--column", "client=Name", "--column", "revenue=Paid", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["revenue"] == 2000


@pytest.mark.parametrize("text, message", [
    ("Name;Region\nAcme;North\n",
     ': no revenue column: expected a header such as revenue, amount, выручка or сумма in the first 30 rows '
     '(or --column revenue=HEADER); the first row holds: "Name", "Region"'),
    ("Client;Amount;Revenue\nAcme;1;2\n", ': the columns "Amount" and "Revenue" both claim the role revenue; '
                                      'map one with --column revenue=HEADER'),
    ("Client;Amount\nAcme;abc\nBeta;10\nGamma;n/a\n",
     ' (Amount): 2 rows are not amounts such as 5 880 000 or 1.2M: row 2 "abc"; row 4 "n/a"'),
    ("", ": the export is empty"),
    ("Client;Amount;Date\nAcme;10;yesterday\n", ' (Date): 1 row is not a date such as 31.12.2025 or 2025-12-31: row 2 "yesterday"'),
])
def test_bad_exports_are_refused_with_the_place(tmp_path, text, message):
    path = tmp_path / "crm.csv"
    path.write_text(text, encoding="utf-8")
    result = run("segments", path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}{message}\n"


def test_an_unreadable_encoding_says_which_were_tried(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_bytes(b"Client;Amount\n\x98\xff\xfe;10\n")
    result = run("segments", path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: cannot be read as text: tried the encodings UTF-8, Windows-1251\n"


def test_a_drop_that_matches_nothing_or_everything_is_refused():
    nothing = run("segments", SAMPLE, "--drop", "<10")
    assert nothing.exit_code == 2 and "Invalid value for '--drop': \"<10\" matches no client" in nothing.stderr
    everything = run("segments", SAMPLE, "--drop", "<10M")
    assert everything.exit_code == 2 and "matches every client: nothing would be left" in everything.stderr


def test_abc_classes_follow_cumulative_revenue():
    clients = [Client(f"c{i}", r) for i, r in enumerate([50, 30, 10, 5, 3, 2])]
    seg = segment(clients, bands=[])
    assert [(s.name, s.clients) for s in seg.abc] == [("A", 2), ("B", 2), ("C", 2)]
    assert sum(s.revenue for s in seg.abc) == seg.revenue


def test_solve_takes_b_prime_from_the_drop(tmp_path):
    """B′'s average check is the template's times the drop's factor, its margin what the drop leaves."""
    import shutil

    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", template)
    inputs = leverage.api.load_inputs(template)
    report = leverage.segments(SAMPLE, cost_per_client=95_000, drop=["<100k"])
    d = report.drop
    result = run("solve", template, "--clients", SAMPLE, "--drop", "<100k", "--cost-per-client", "95k", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    scale = inputs.revenue / (d.revenue + d.revenue_dropped)
    margin = (inputs.profit - d.revenue_dropped * scale + d.cost_saved * scale) / (inputs.revenue - d.revenue_dropped * scale)
    same = leverage.solve(inputs, levers=[
        ("avg_check", leverage.Change(multiply=d.avg_check_factor, text=f"x{d.avg_check_factor:.4g} (--drop <100k)")),
        ("margin", leverage.Change(set=margin, text=f"{margin * 100:.4g}% (--drop <100k)"))])
    drop = data.pop("drop")
    assert data == json.loads(leverage.to_json(same))
    assert drop == {"what": "<100k", "clients": 81, "revenue": d.revenue, "avg_check": d.avg_check,
                    "avg_check_factor": d.avg_check_factor, "clients_dropped": 219, "share_clients_dropped": 0.73,
                    "revenue_dropped": 10_950_000, "share_revenue_dropped": 10_950_000 / report.segmentation.revenue,
                    "cost_saved": 219 * 95_000, "contribution_before": d.contribution_before,
                    "contribution_after": d.contribution_after,
                    "conclusion": "Отказ от 219 клиентов сегмента <100k (73 % клиентов, 18 % выручки) увеличивает "
                                  "средний чек в 3,02 раза."}
    a, b_prime = (next(p for p in same.points if p.key == key) for key in ("A", "B'"))
    assert b_prime.levers.avg_check == pytest.approx(a.levers.avg_check * d.avg_check_factor)
    assert b_prime.levers.margin == pytest.approx(margin)
    assert (f"Warning: {SAMPLE}: выручка выгрузки 59 550 040 ₽ отличается от выручки в шаблоне 148 500 000 ₽ на 60 %: "
            "выгрузка часто охватывает часть бизнеса; множитель отказа применяется как пропорция\n") in result.stderr
    text = run("solve", template, "--clients", SAMPLE, "--drop", "<100k", "--force")
    assert text.exit_code == 0
    assert text.stdout.endswith("• Отказ от 219 клиентов сегмента <100k (73 % клиентов, 18 % выручки) увеличивает средний чек в 3,02 раза.\n")
    # The lever line says the factor as the drop's conclusion does.
    assert "Если средний чек увеличить в 3,02 раза" in text.stdout
    english = run("solve", template, "--clients", SAMPLE, "--drop", "<100k", "--force", "--lang", "en")
    assert english.stdout.endswith("• Dropping the 219 clients of <100k (73% of clients, 18% of revenue) raises the average check 3.02×.\n")


def test_a_lever_given_overrides_the_drop(tmp_path):
    import shutil

    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", template)
    given = run("solve", template, "--clients", SAMPLE, "--drop", "<100k", "--lever", "avg_check=x2", "--json")
    assert given.exit_code == 0
    assert json.loads(given.stdout)["changes"]["avg_check"] == "x2"


def test_solve_drop_needs_clients_and_the_template_s_currency(tmp_path):
    import shutil

    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "worked-example.xlsx", template)
    alone = run("solve", template, "--drop", "<100k")
    assert alone.exit_code == 2
    assert "Invalid value for '--drop': expected --clients with --drop: the export whose clients are dropped" in alone.stderr
    given = run("solve", template, "--clients", SAMPLE, "--drop", "<100k", "--lever", "avg_check=x2", "--json", "--force")
    assert given.exit_code == 1
    assert given.stderr == (f"Error: {SAMPLE}: the amounts are in RUB, the template's in USD: expected an export in the "
                            "template's currency\n")


def test_a_row_with_a_trailing_delimiter_is_kept(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_bytes("Клиент;Выручка\nООО Альфа;1 000,50;\nООО Бета;2 000\n".encode("cp1251"))
    report = leverage.segments(path)
    assert {c.name: c.revenue for c in report.segmentation.clients} == {"ООО Альфа": 1000.5, "ООО Бета": 2000.0}


def test_an_export_over_the_size_limit_is_refused(tmp_path, monkeypatch):
    import leverage.clients

    monkeypatch.setattr(leverage.clients, "MAX_BYTES", 10)
    path = tmp_path / "crm.csv"
    path.write_text("Client;Amount\nAcme;100\n", encoding="utf-8")
    result = run("segments", path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: is larger than 0 MB, the limit of an export\n"


def test_a_template_given_as_the_client_list_is_told_so():
    template = ROOT / "samples" / "worked-example.xlsx"
    result = CliRunner().invoke(main, ["segments", str(template)])
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {template}: is a leverage template, not a client list; "
                             "give the CRM export as CLIENTS, and the template to "
                             "`leverage solve TEMPLATE --clients CLIENTS`\n")
