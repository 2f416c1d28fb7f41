"""Reading large client lists: the amounts read at once by pandas' parser agree with `leverage.numbers` cell by
cell, whichever path a column takes; a bad cell far down still gets its located message."""

import pytest

import leverage
from leverage.numbers import parse_amount

SHAPES = {
    "point": ["1200.50", "-300", "45", "0.5"],
    "comma": ["1200,50", "-300", "45", "0,5"],
    "spaces-comma": ["1 200,50", "12 345 678,9", "-300", "45"],
    "nbsp-comma": ["1\u00a0200,50", "12\u00a0345\u00a0678,9", "-300", "45"],
    "spaces-point": ["1 200.50", "12 345 678.9", "-300", "45"],
    "commas-point": ["1,200.50", "12,345,678.9", "-300", "45"],
    "currency": ["1 200,50 р.", "12 345 678,9 руб.", "-300 руб.", "45"],
}


def write(path, cells, encoding="cp1251", padding=0):
    """A semicolon export of one client per amount, `padding` plain rows first (so the sample the style is told
    from does not see the cells)."""
    rows = [f"Pad {i};10" for i in range(padding)] + [f"Client {i};{cell}" for i, cell in enumerate(cells)]
    path.write_bytes(("Report\r\n\r\nКлиент;Сумма\r\n" + "\r\n".join(rows) + "\r\n").encode(encoding))
    return path


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("padding", [0, 600])
def test_every_shape_reads_as_the_cell_parser_reads_it(tmp_path, shape, padding):
    cells = SHAPES[shape] * 3
    export = leverage.api.segments(write(tmp_path / "crm.csv", cells, padding=padding)).export
    expected = {f"Client {i}": parse_amount(cell.replace("\u00a0", " ")).value for i, cell in enumerate(cells)}
    read = {c.name: c.revenue for c in export.clients if c.name.startswith("Client")}
    assert read == {name: value for name, value in expected.items() if value > 0}
    assert export.currency == ("RUB" if shape == "currency" else None)


def test_a_bad_cell_past_the_sample_is_located(tmp_path):
    path = write(tmp_path / "crm.csv", ["100,5"] * 700 + ["n/a", "12,5"])
    with pytest.raises(leverage.InputError) as caught:
        leverage.api.segments(path)
    assert str(caught.value) == f'{path} (Сумма): 1 row is not an amount such as 5 880 000 or 1.2M: row 704 "n/a"'


def test_an_infinite_amount_is_refused_not_read(tmp_path):
    path = write(tmp_path / "crm.csv", ["100"] * 10 + ["inf"])
    with pytest.raises(leverage.InputError, match='row 14 "inf"'):
        leverage.api.segments(path)


def test_names_spaced_apart_are_one_client_and_the_first_order_is_kept(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Client;Amount\n Beta ;5\nAlpha;1\nBeta;5\n\nAlpha ;2\n", encoding="utf-8")
    export = leverage.api.segments(path).export
    assert [(c.name, c.revenue) for c in export.clients] == [("Beta", 10.0), ("Alpha", 3.0)]
