"""The follow-up charts, rendered and read back as XML: the drawing means what it says (a larger
value higher, the target line at the target's height on the axis, an interim value after its
year, the vision's path through its start and target, the present pace to the year the numbers
give), the words in both languages with each language's numbers, the table rows, statuses told
apart without colour, hostile labels kept as text, and nothing fetched from elsewhere."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest

from styrgraf.render.charts import (
    ChartSeries,
    DistanceChart,
    IndicatorChart,
    Mark,
    Observation,
    chart_columns,
    chart_rows,
    distance_chart,
    indicator_chart,
)

SVG = "{http://www.w3.org/2000/svg}"
NB = "\xa0"  # the space Swedish writes between thousands


def _series(
    key: str, label: str, *points: tuple[int, float] | tuple[int, float, str]
) -> ChartSeries:
    return ChartSeries(key, label, tuple(Observation(*p) for p in points))


def _grades(unit: str = "procent", **changes: object) -> IndicatorChart:
    """A share in per cent: the total 2019-2022 and an interim 2022, women and men 2021-2022."""
    values: dict[str, object] = {
        "title": "Andel behöriga till gymnasiet",
        "unit": unit,
        "direction": "higher",
        "baseline": (2018, 64.0),
        "target": (2025, 80.0),
        "series": (
            _series(
                "total",
                "Totalt",
                (2019, 66),
                (2020, 68),
                (2021, 70),
                (2022, 71),
                (2022, 69, "interim"),
            ),
            _series("women", "Kvinnor", (2021, 73), (2022, 74)),
            _series("men", "Män", (2021, 67), (2022, 68)),
        ),
        "marks": (
            Mark(2021, "full", "partly-fulfilled", None, "delvis uppfyllt"),
            Mark(2022, "full", "fulfilled", None, "uppfyllt"),
            Mark(2022, "interim", "not-assessed", None, "ej bedömt"),
        ),
    }
    return IndicatorChart(**{**values, **changes})  # type: ignore[arg-type]


def _population(
    *points: tuple[int, float], now: int | None = None, target: float = 35000
) -> DistanceChart:
    series = tuple(Observation(year, value) for year, value in points)
    return DistanceChart("Befolkning", "invånare", (2018, 28000), (2035, target), series, now)


def _read(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == f"{SVG}svg"
    return root


def _all(root: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in root.iter() if cls in (e.get("class") or "").split()]


def _one(root: ET.Element, cls: str) -> ET.Element:
    found = _all(root, cls)
    assert len(found) == 1, cls
    return found[0]


def _text(element: ET.Element) -> str:
    """The text of an element, its runs of white space one space (a no-break space kept)."""
    return re.sub(r"[ \t\n]+", " ", " ".join(element.itertext())).strip()


def _y(root: ET.Element, value: float) -> float:
    """Where ``value`` is on the value axis, read from its first and last tick."""
    ticks = [
        (float(t.get("data-value", "")), float(t[0].get("y1", ""))) for t in _all(root, "c-tick-y")
    ]
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    return y0 + (value - v0) * (y1 - y0) / (v1 - v0)


def _x(root: ET.Element, year: float) -> float:
    """Where ``year`` is on the time axis, read from its first and last year's tick."""
    ticks = [
        (int(t.get("data-year", "")), float(t[0].get("x1", ""))) for t in _all(root, "c-tick-x")
    ]
    (a, x0), (b, x1) = ticks[0], ticks[-1]
    return x0 + (year - a) * (x1 - x0) / (b - a)


def _centre(shape: ET.Element) -> tuple[float, float]:
    """The centre of a drawn point: a circle, a square or a triangle (apex up)."""
    if shape.tag == f"{SVG}circle":
        return float(shape.get("cx", "")), float(shape.get("cy", ""))
    if shape.tag == f"{SVG}rect":
        size = float(shape.get("width", ""))
        return float(shape.get("x", "")) + size / 2, float(shape.get("y", "")) + size / 2
    numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.get("d", ""))]
    xs, ys = numbers[0::2], numbers[1::2]
    return xs[0], min(ys) + (max(ys) - min(ys)) * 1.2 / 1.9


def _points(root: ET.Element, key: str) -> dict[tuple[int, str], tuple[float, float]]:
    series = next(s for s in _all(root, "c-series") if s.get("data-key") == key)
    found = {}
    for point in _all(series, "c-point"):
        shape = next(e for e in point if e.tag != f"{SVG}title")
        found[(int(point.get("data-year", "")), point.get("data-part", ""))] = _centre(shape)
    return found


def _path(d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", d)]


# --- the indicator chart --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "unit", "said"),
    [
        (
            "sv",
            "procent",
            "Senaste utfall 2022: 71 procent mot målvärdet 80 procent till 2025; högre är bättre.",
        ),
        (
            "en",
            "percent",
            "Latest value 2022: 71 percent against the target of 80 percent by 2025; "
            "higher is better.",
        ),
    ],
)
def test_the_chart_is_an_image_named_and_described_in_its_language(
    lang: str, unit: str, said: str
) -> None:
    root = _read(indicator_chart(_grades(unit), lang, id="grades"))
    assert root.get("role") == "img" and root.get("lang") == lang and root.get("id") == "grades"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Andel behöriga till gymnasiet"
    assert desc.text is not None and desc.text.startswith(said)
    assert ("Kvinnor 2022: 74" in desc.text) and ("Män 2022: 68" in desc.text)
    # The latest status is the full year's: it comes after the same year's interim.
    assert desc.text.endswith(" 2022: uppfyllt.")
    # It scales to a phone's width: a view box and the width of its container, no fixed height.
    assert root.get("width") == "100%" and root.get("height") is None
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))


def test_everything_drawn_is_inside_the_view_box() -> None:
    root = _read(indicator_chart(_grades(), "sv", id="g"))
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    for element in root.iter():
        for name in ("x", "x1", "x2", "cx"):
            if element.get(name) and element.tag != f"{SVG}pattern":
                assert 0 <= float(element.get(name, "")) <= width, (element.tag, name)
        for name in ("y", "y1", "y2", "cy"):
            if element.get(name) and element.tag != f"{SVG}pattern":
                assert 0 <= float(element.get(name, "")) <= height, (element.tag, name)


def test_the_geometry_means_the_numbers() -> None:
    chart = _grades()
    root = _read(indicator_chart(chart, "sv", id="g"))
    total = _points(root, "total")
    # A larger value is drawn higher; each point sits where its value is on the axis.
    assert total[(2022, "full")][1] < total[(2019, "full")][1]
    for series in chart.series:
        for (year, part), (x, y) in _points(root, series.key).items():
            value = next(o.value for o in series.observations if (o.year, o.part) == (year, part))
            assert y == pytest.approx(_y(root, value), abs=0.05)
            assert x == pytest.approx(_x(root, year + (0.66 if part == "interim" else 0)), abs=0.05)
    # The interim value sits after its year and before the next, drawn hollow.
    assert _x(root, 2022) < total[(2022, "interim")][0] < _x(root, 2023)
    interim = next(p for p in _all(root, "c-point") if p.get("data-part") == "interim")
    assert interim[1].get("fill") == "#ffffff"
    # Only the full years are joined by the line.
    line = _path(
        _one(next(s for s in _all(root, "c-series") if s.get("data-key") == "total"), "c-line").get(
            "d", ""
        )
    )
    assert len(line) == 4
    # The target line is dashed at the target's height and names its value and year; the
    # baseline is dotted.
    target, baseline = _one(root, "c-target"), _one(root, "c-baseline")
    assert float(target[0].get("y1", "")) == pytest.approx(_y(root, 80), abs=0.05)
    assert float(baseline[0].get("y1", "")) == pytest.approx(_y(root, 64), abs=0.05)
    assert (
        target[0].get("stroke-dasharray") == "9 5" and baseline[0].get("stroke-dasharray") == "2 4"
    )
    assert _text(target) == "Målvärde 80 procent (2025)"
    # The total is drawn strongest, and last, over the others.
    widths = {
        s.get("data-key"): float(_one(s, "c-line").get("stroke-width", ""))
        for s in _all(root, "c-series")
    }
    assert widths["total"] > widths["women"] == widths["men"]
    assert [s.get("data-key") for s in _all(root, "c-series")][-1] == "total"


def test_one_tick_a_year_and_rounded_ticks_spanning_every_value() -> None:
    root = _read(indicator_chart(_grades(), "sv", id="g"))
    assert [int(t.get("data-year", "")) for t in _all(root, "c-tick-x")] == list(range(2018, 2026))
    values = [float(t.get("data-value", "")) for t in _all(root, "c-tick-y")]
    steps = {round(b - a, 9) for a, b in itertools.pairwise(values)}
    assert len(steps) == 1
    step = steps.pop()
    assert step / 10 ** math.floor(math.log10(step)) in (1, 2, 2.5, 5)
    assert values[0] <= 64 and values[-1] >= 80  # the baseline, the target and every value


def test_a_single_value_and_no_values() -> None:
    one = _grades(series=(_series("total", "Totalt", (2022, 7.2)),), marks=())
    root = _read(indicator_chart(one, "sv", id="one"))
    assert list(_points(root, "total")) == [(2022, "full")]
    assert _all(root, "c-line") == []
    assert "Senaste utfall 2022: 7,2 procent" in _text(root.find(f"{SVG}desc"))  # type: ignore[arg-type]
    for lang, said in (("sv", "Inga utfall än"), ("en", "No values yet")):
        root = _read(indicator_chart(_grades(series=(), marks=()), lang, id="none"))
        assert _text(_one(root, "c-none")) == said
        assert _text(root.find(f"{SVG}desc")).startswith(said)  # type: ignore[arg-type]
        assert _all(root, "c-tick-x") and _all(root, "c-tick-y")
        assert _all(root, "c-target") and _all(root, "c-baseline")
    bare = IndicatorChart("Nytt mått", "", "higher", None, None, ())
    root = _read(indicator_chart(bare, "sv", id="bare"))
    assert _text(root.find(f"{SVG}desc")) == "Inga utfall än; högre är bättre."  # type: ignore[arg-type]


def test_negative_values_lower_is_better() -> None:
    chart = IndicatorChart(
        "Resultat",
        "mnkr",
        "lower",
        (2019, 4.5),
        (2024, -3.0),
        (_series("total", "Totalt", (2020, 2.5), (2021, -1.5), (2022, -6.25)),),
    )
    root = _read(indicator_chart(chart, "sv", id="neg"))
    zero = float(_one(root, "c-zero").get("y1", ""))
    assert zero == pytest.approx(_y(root, 0), abs=0.05)
    points = _points(root, "total")
    # The axis is not turned over for lower-is-better: a lower value is still drawn lower.
    assert points[(2020, "full")][1] < zero < points[(2021, "full")][1] < points[(2022, "full")][1]
    ticks = [float(t.get("data-value", "")) for t in _all(root, "c-tick-y")]
    assert ticks[0] <= -6.25 and ticks[-1] >= 4.5
    assert "▼ lägre är bättre" in _text(_one(root, "c-sub"))
    desc = _text(root.find(f"{SVG}desc"))  # type: ignore[arg-type]
    assert desc.startswith(
        "Senaste utfall 2022: -6,25 mnkr mot målvärdet -3 mnkr till 2024; lägre är bättre."
    )


def test_equal_values_sit_inside_the_axis() -> None:
    chart = _grades(
        series=(_series("total", "Totalt", (2020, 50), (2021, 50), (2022, 50)),),
        baseline=None,
        target=None,
        marks=(),
    )
    root = _read(indicator_chart(chart, "sv", id="flat"))
    ticks = [float(t.get("data-value", "")) for t in _all(root, "c-tick-y")]
    assert ticks[0] < 50 < ticks[-1]
    assert len({y for _, y in _points(root, "total").values()}) == 1


@pytest.mark.parametrize(("lang", "written"), [("sv", f"28{NB}000"), ("en", "28,000")])
def test_large_numbers_get_an_axis_around_them(lang: str, written: str) -> None:
    chart = IndicatorChart(
        "Befolkning",
        "",
        "higher",
        (2018, 28000),
        (2035, 35000),
        (_series("total", "Totalt", (2019, 28100), (2022, 28600)),),
    )
    root = _read(indicator_chart(chart, lang, id="pop"))
    ticks = [float(t.get("data-value", "")) for t in _all(root, "c-tick-y")]
    assert 20000 < ticks[0] <= 28000 and ticks[-1] >= 35000  # not from zero
    assert written in [_text(t) for t in _all(root, "c-tick-y")]


def test_statuses_have_a_symbol_and_a_pattern_not_only_a_colour() -> None:
    root = _read(indicator_chart(_grades(), "sv", id="g"))
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    seen = set()
    for mark in _all(root, "c-mark"):
        rect, symbol = mark.find(f"{SVG}rect"), mark.find(f"{SVG}text")
        assert rect is not None and symbol is not None and symbol.text
        reference = re.fullmatch(r"url\(#([\w-]+)\)", rect.get("fill", ""))
        assert reference and reference.group(1) in patterns
        pattern = patterns[reference.group(1)]
        assert pattern.find(f"{SVG}line") is not None or pattern.find(f"{SVG}circle") is not None
        seen.add((symbol.text, reference.group(1)))
    assert len({s for s, _ in seen}) == len({p for _, p in seen}) == 3
    # Under its period: the interim's status after its year's.
    x = {
        (m.get("data-year"), m.get("data-part")): float(m[1].get("x", ""))
        for m in _all(root, "c-mark")
    }
    assert x[("2022", "full")] < x[("2022", "interim")]
    legend = _text(_one(root, "c-legend"))
    assert all(word in legend for word in ("delvis uppfyllt", "uppfyllt", "ej bedömt"))


def test_a_scales_own_steps_are_drawn_by_their_place() -> None:
    marks = tuple(
        Mark(2019 + i, "full", f"step-{i}", i + 1, f"steg {i + 1}", steps=3) for i in range(3)
    )
    root = _read(indicator_chart(_grades(marks=marks), "sv", id="g"))
    symbols = [_one(m, "c-symbol").text for m in _all(root, "c-mark")]
    assert symbols == ["✓", "◐", "✗"]  # best, middle, worst
    with pytest.raises(ValueError, match="rank but no steps"):
        Mark(2020, "full", "step-1", 1, "steg 1")


def test_hostile_labels_stay_text() -> None:
    hostile = "<script>alert(1)</script>"
    chart = _grades(
        title=hostile,
        unit=hostile,
        series=(_series("total", hostile, (2021, 1), (2022, 2)),),
        marks=(Mark(2022, "full", hostile, None, hostile),),
    )
    svg = indicator_chart(chart, "sv", id="g")
    root = _read(svg)
    assert "<script" not in svg and not [e for e in root.iter() if "script" in e.tag]
    assert root.find(f"{SVG}title").text == hostile  # type: ignore[union-attr]
    assert hostile in _text(_one(root, "c-legend"))


@pytest.mark.parametrize("chart", ["indicator", "distance"])
def test_nothing_is_fetched_from_elsewhere(chart: str) -> None:
    svg = (
        indicator_chart(_grades(), "sv", id="g")
        if chart == "indicator"
        else distance_chart(_population((2018, 28000), (2022, 29000)), "sv", id="d")
    )
    assert re.findall(r"https?://[^\s\"'<>)]+", svg) == ["http://www.w3.org/2000/svg"]
    assert "href" not in svg and "@import" not in svg
    root = _read(svg)
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert all(i == root.get("id") or i.startswith(f"{root.get('id')}-") for i in ids)  # type: ignore[union-attr]
    for reference in re.findall(r"url\(([^)]*)\)", svg):
        assert reference.startswith("#") and reference[1:] in ids


def test_bad_input_is_named() -> None:
    for bad_id in ("", "1chart", 'g" onload="x', "a b"):
        with pytest.raises(ValueError, match="id must be"):
            indicator_chart(_grades(), "sv", id=bad_id)
    with pytest.raises(ValueError, match="direction"):
        _grades(direction="up")
    with pytest.raises(ValueError, match="part"):
        Observation(2022, 1.0, "half")
    with pytest.raises(ValueError, match="series key"):
        ChartSeries("children", "Barn", ())
    with pytest.raises(ValueError, match="finite"):
        Observation(2022, math.nan)
    with pytest.raises(ValueError, match="two values for 2022"):
        _series("total", "Totalt", (2022, 1), (2022, 2))
    with pytest.raises(ValueError, match="target year 2018 must come after"):
        DistanceChart("Befolkning", "", (2018, 1), (2018, 2), ())


def test_the_numbers_as_table_rows() -> None:
    chart = _grades()
    assert chart_columns(chart, "sv-SE") == [
        ("year", "År"),
        ("part", "Del av året"),
        ("total", "Totalt (procent)"),
        ("women", "Kvinnor (procent)"),
        ("men", "Män (procent)"),
        ("baseline", "Utgångsvärde (procent)"),
        ("target", "Målvärde (procent)"),
        ("status", "Bedömning"),
    ]
    rows = chart_rows(chart, "sv")
    assert [(r["year"], r["part"]) for r in rows] == [
        ("2018", "helår"),
        ("2019", "helår"),
        ("2020", "helår"),
        ("2021", "helår"),
        ("2022", "delår"),
        ("2022", "helår"),
        ("2025", "helår"),
    ]
    assert rows[0] == {
        "year": "2018",
        "part": "helår",
        "total": "",
        "women": "",
        "men": "",
        "baseline": "64",
        "target": "",
        "status": "",
    }
    assert rows[5] == {
        "year": "2022",
        "part": "helår",
        "total": "71",
        "women": "74",
        "men": "68",
        "baseline": "",
        "target": "",
        "status": "uppfyllt",
    }
    assert (
        rows[4]["total"] == "69" and rows[4]["status"] == "ej bedömt" and rows[6]["target"] == "80"
    )
    decimal = _grades(series=(_series("total", "Totalt", (2022, 7.2)),), marks=())
    assert (
        chart_rows(decimal, "sv")[1]["total"] == "7,2"
        and chart_rows(decimal, "en")[1]["total"] == "7.2"
    )
    assert chart_rows(chart, "en")[4]["part"] == "interim"


# --- the distance chart ---------------------------------------------------------------------


def test_the_path_passes_through_start_and_target_and_the_pace_reaches_the_target() -> None:
    # 28 000 in 2018 and 29 000 in 2022: 250 a year, so the 1 000 left to 30 000 take 4 years.
    chart = _population((2018, 28000), (2020, 28600), (2022, 29000), target=30000)
    root = _read(distance_chart(chart, "sv", id="d"))
    path = _path(_one(root, "c-path")[0].get("d", ""))
    assert path[0] == pytest.approx((_x(root, 2018), _y(root, 28000)), abs=0.05)
    assert path[-1] == pytest.approx((_x(root, 2035), _y(root, 30000)), abs=0.05)
    pace = _one(root, "c-pace")
    assert pace.get("data-reaches") == "true" and pace[0].get("stroke-dasharray")
    start, end = _path(pace[0].get("d", ""))
    assert start == pytest.approx((_x(root, 2022), _y(root, 29000)), abs=0.05)
    assert end == pytest.approx((_x(root, 2026), _y(root, 30000)), abs=0.05)
    # Where it should be now (on the path in 2022) and where it is.
    should, now = _one(root, "c-should"), _one(root, "c-is")
    on_path = 28000 + 2000 * 4 / 17
    assert float(should.get("data-y", "")) == pytest.approx(_y(root, on_path), abs=0.05)
    assert float(should.get("data-x", "")) == pytest.approx(_x(root, 2022), abs=0.05)
    assert float(now.get("data-y", "")) == pytest.approx(_y(root, 29000), abs=0.05)
    desc = _text(root.find(f"{SVG}desc"))  # type: ignore[arg-type]
    assert desc == (
        f"Senaste utfall 2022: 29{NB}000 invånare. Enligt den raka vägen från 28{NB}000 invånare "
        f"år 2018 till målet 30{NB}000 invånare år 2035 borde värdet 2022 vara 28{NB}471 invånare. "
        "I nuvarande takt, 250 invånare per år, nås målet 2026."
    )
    assert "I nuvarande takt, 250 invånare per år, nås målet 2026." in _text(_one(root, "c-note"))


def test_a_pace_too_slow_for_the_drawing_stops_at_twice_the_path() -> None:
    # 200 a year from 28 800 in 2022: the 6 200 left take 31 years (2053), but the drawing
    # goes on only as far again as the path is long, to 2052.
    root = _read(distance_chart(_population((2018, 28000), (2022, 28800), now=2024), "en", id="d"))
    pace = _one(root, "c-pace")
    assert pace.get("data-reaches") == "false"
    _, end = _path(pace[0].get("d", ""))
    assert end == pytest.approx((_x(root, 2052), _y(root, 28800 + 200 * 30)), abs=0.05)
    assert float(_one(root, "c-should").get("data-x", "")) == pytest.approx(
        _x(root, 2024), abs=0.05
    )
    desc = _text(root.find(f"{SVG}desc"))  # type: ignore[arg-type]
    assert "the value in 2024 should be 30,471 invånare" in desc
    assert desc.endswith("At the present pace, 200 invånare a year, the target is reached in 2053.")
    ticks = [float(t.get("data-value", "")) for t in _all(root, "c-tick-y")]
    assert 20000 < ticks[0] <= 28000 and ticks[-1] >= 35000


@pytest.mark.parametrize("last", [27500, 28000])
def test_a_pace_that_never_gets_there_runs_to_the_end(last: float) -> None:
    root = _read(distance_chart(_population((2018, 28000), (2022, last)), "sv", id="d"))
    pace = _one(root, "c-pace")
    assert pace.get("data-reaches") == "false"
    per_year = (last - 28000) / 4
    _, end = _path(pace[0].get("d", ""))
    assert end == pytest.approx((_x(root, 2035), _y(root, last + per_year * 13)), abs=0.05)
    assert _text(_one(root, "c-note")).endswith("nås målet aldrig.")


def test_reached_unknown_and_no_values() -> None:
    reached = _read(distance_chart(_population((2018, 28000), (2022, 36000)), "sv", id="d"))
    assert (
        _all(reached, "c-pace") == [] and _text(_one(reached, "c-note")) == "Målet är redan nått."
    )
    alone = _read(distance_chart(_population((2018, 28000)), "en", id="d"))
    assert _all(alone, "c-pace") == []
    assert "once there is a value after the start year" in _text(_one(alone, "c-note"))
    for lang, said in (("sv", "Inga utfall än"), ("en", "No values yet")):
        root = _read(distance_chart(_population(), lang, id="d"))
        assert _text(_one(root, "c-none")) == said
        assert _text(root.find(f"{SVG}desc")).startswith(said)  # type: ignore[arg-type]
        assert len(_path(_one(root, "c-path")[0].get("d", ""))) == 2
        assert not _all(root, "c-pace") and not _all(root, "c-should")


def test_the_distance_charts_table() -> None:
    chart = _population((2020, 28600), (2022, 29000), target=30000)
    assert [key for key, _ in chart_columns(chart, "en")] == ["year", "part", "value", "path"]
    rows = chart_rows(chart, "sv")
    assert [(r["year"], r["value"], r["path"]) for r in rows] == [
        ("2018", "", f"28{NB}000"),
        ("2020", f"28{NB}600", f"28{NB}235"),
        ("2022", f"29{NB}000", f"28{NB}471"),
        ("2035", "", f"30{NB}000"),
    ]
