"""Pictures of a simulator run: energy per layer, the PE array of a layer, utilization.

Input: the statistics JSON (``eyeriss-run --stats``) and the trace JSON (``--trace``,
Chrome Trace Event Format) of one run. Each picture is written as PNG and SVG (matplotlib,
Agg; SVG text stays text, so the labels are searchable)::

    energy_breakdown(stats, out_stem)        per layer, stacked energy by level (µJ), and
                                             the same normalized to 100 %
    array_mapping(stats, layer, out_stem)    the PE array of one layer: PE sets, filter row
                                             and ofmap row of every PE
    utilization_timeline(trace, out_stem)    % of the PEs doing MACs over simulated time,
                                             with the layers' spans
    plot_all(stats_path, trace_path, out_dir, layers=None)   all of them

``stats`` / ``trace`` are the parsed JSON (dict), a path to the file, or (stats) an
``eyeriss.Stats``. ``out_stem`` is a path without suffix: ``out/energy`` writes
``out/energy.png`` and ``out/energy.svg``. Every function returns the files it wrote.

Layers are shown in program order, host layers left out. Long names (ONNX node paths)
are shortened to CONV1, CONV2, ..., FC6, ... (array layers numbered in program order);
``array_mapping`` accepts either name. Command line: ``python3 -m eyeriss plot --help``.
Documentation: docs/Pictures.md.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

PathLike = Union[str, Path]

#: Energy levels, bottom of the stack first: (key in energy_pj, legend label, colour).
ENERGY_LEVELS: Tuple[Tuple[str, str, str], ...] = (
    ("dram", "DRAM", "#8c2d04"),
    ("glb", "GLB (global buffer)", "#f16913"),
    ("array", "array (NoC)", "#fdae6b"),
    ("spad", "spad (PE scratch pads)", "#31a354"),
    ("mac", "MAC", "#3182bd"),
    ("idle", "idle (static power)", "#bdbdbd"),
)

ARRAY_KINDS = ("conv", "fc")
DPI = 110
# A name longer than this, or one with a '/', makes every layer use its short name.
MAX_NAME_CHARS = 10
INACTIVE_COLOR = "#d9d9d9"
MAX_LEGEND = 24  # PE sets the mapping picture's legend lists one by one


# ---------------------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------------------


def load_json(source) -> dict:
    """`source` as a dict: a dict, an object with to_dict() (eyeriss.Stats), or a path to
    a JSON file."""
    if isinstance(source, dict):
        return source
    if isinstance(source, list):  # a trace in the JSON Array Format
        return {"traceEvents": source}
    if hasattr(source, "to_dict"):
        return source.to_dict()
    with open(source, encoding="utf-8") as f:
        data = json.load(f)
    if isinstance(data, list):
        return {"traceEvents": data}
    if not isinstance(data, dict):
        raise ValueError(f"{source}: expected a JSON object, got {type(data).__name__}")
    return data


def _layers_of(stats: dict) -> List[dict]:
    layers = stats.get("layers")
    if not isinstance(layers, list):
        raise ValueError("the statistics have no 'layers' list; expected the JSON that "
                         "eyeriss-run --stats writes")
    return layers


def array_layers(stats) -> List[dict]:
    """The conv and fc layers of the statistics, in program order (host layers left out)."""
    return [l for l in _layers_of(load_json(stats)) if l.get("kind") in ARRAY_KINDS]


def short_names(layers: Sequence[Tuple[str, str]]) -> Dict[str, str]:
    """Display names of (name, kind) pairs in program order.

    The names themselves when all are short and distinct; otherwise CONV1, CONV2, ...,
    FC6, ...: the kind and the position among these layers, from 1 (AlexNet's CONV1-5,
    FC6-8)."""
    names = [n for n, _ in layers]
    if len(set(names)) == len(names) and \
            all(len(n) <= MAX_NAME_CHARS and "/" not in n for n in names):
        return {n: n for n in names}
    return {n: f"{k.upper()}{i}" for i, (n, k) in enumerate(layers, 1)}


def _labels(stats_layers: Sequence[dict]) -> Dict[str, str]:
    return short_names([(str(l.get("name")), str(l.get("kind"))) for l in stats_layers])


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_.") or "layer"


def find_layer(stats, layer: str) -> Tuple[dict, str]:
    """The array layer named `layer` (its full name, or its short name in any case) and its
    short name. ValueError, listing the layers, when there is none."""
    candidates = array_layers(stats)
    labels = _labels(candidates)
    for l in candidates:
        name = str(l.get("name"))
        if layer == name or layer.lower() == labels[name].lower():
            return l, labels[name]
    host = [str(l.get("name")) for l in _layers_of(load_json(stats))
            if l.get("kind") not in ARRAY_KINDS]
    if layer in host:
        raise ValueError(f"layer {layer!r} runs on the host, not on the PE array; array "
                         f"layers: {_layer_list(candidates, labels)}")
    raise ValueError(f"no array layer {layer!r}; array layers: "
                     f"{_layer_list(candidates, labels)}")


def _layer_list(layers: Sequence[dict], labels: Dict[str, str]) -> str:
    if not layers:
        return "(none)"
    out = []
    for l in layers:
        name = str(l.get("name"))
        out.append(name if labels[name] == name else f"{labels[name]} ({name})")
    return ", ".join(out)


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------


def _figure(width: float, height: float):
    from matplotlib.figure import Figure
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _save(fig, out_stem: PathLike) -> List[Path]:
    import matplotlib

    stem = Path(out_stem)
    if stem.suffix in (".png", ".svg"):
        stem = stem.with_suffix("")
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    # Text as text (searchable, smaller); a fixed hash salt and no date: the same input
    # gives the same SVG.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "eyeriss"}):
        for ext in ("png", "svg"):
            path = stem.parent / f"{stem.name}.{ext}"
            fig.savefig(path, dpi=DPI, metadata={"Date": None} if ext == "svg" else None)
            written.append(path)
    return written


def _fix_layout(fig) -> None:
    """Run the constrained layout once and keep it: text placed afterwards (by measuring
    against the drawn axes) stays where it was measured."""
    fig.canvas.draw()
    fig.set_layout_engine("none")


def _overlaps(bbox, others) -> bool:
    return any(bbox.overlaps(o) for o in others)


def _x_labels(ax, labels: Sequence[str]) -> None:
    """Tick labels at 0..n-1: horizontal when they fit side by side, else vertical, smaller
    when even those would touch."""
    ax.set_xticks(range(len(labels)), labels)
    width_in = ax.figure.get_figwidth() * 0.8
    slot_pt = width_in * 72 / max(len(labels), 1)
    longest = max((len(s) for s in labels), default=1)
    if longest * 0.62 * 9 <= slot_pt * 0.9:
        return
    size = 9 if slot_pt >= 12 else max(5.0, slot_pt * 0.75)
    for t in ax.get_xticklabels():
        t.set_rotation(90)
        t.set_fontsize(size)


# ---------------------------------------------------------------------------------------
# 1. Energy per layer by level
# ---------------------------------------------------------------------------------------


def energy_breakdown(stats, out_stem: PathLike, normalized: bool = True) -> List[Path]:
    """Per array layer, the energy by level (DRAM, GLB, array NoC, spads, MACs, idle) as
    stacked bars in µJ; with `normalized`, a second panel with each bar scaled to 100 %."""
    import numpy as np
    from matplotlib.ticker import StrMethodFormatter

    data = load_json(stats)
    layers = array_layers(data)
    if not layers:
        raise ValueError("the statistics have no conv or fc layer to plot")
    labels = _labels(layers)
    names = [labels[str(l.get("name"))] for l in layers]
    uj = np.zeros((len(ENERGY_LEVELS), len(layers)))
    for j, l in enumerate(layers):
        energy = l.get("energy_pj")
        if not isinstance(energy, dict):
            raise ValueError(f"layer {l.get('name')!r} has no energy_pj in the statistics")
        for i, (key, _, _) in enumerate(ENERGY_LEVELS):
            uj[i, j] = float(energy.get(key, 0) or 0) / 1e6
    totals = uj.sum(axis=0)

    n = len(layers)
    width = min(16.0, max(9.0, 3.5 + 0.45 * n))
    fig = _figure(width, 7.2 if normalized else 4.6)
    if normalized:
        ax, ax_pct = fig.subplots(2, 1, sharex=True, height_ratios=[3, 2])
    else:
        ax, ax_pct = fig.subplots(1, 1), None
    x = np.arange(n)
    bottom = np.zeros(n)
    handles = []
    for i, (_, label, color) in enumerate(ENERGY_LEVELS):
        handles.append(ax.bar(x, uj[i], 0.7, bottom=bottom, color=color, label=label,
                              edgecolor="white", linewidth=0.4))
        bottom += uj[i]
    ax.set_ylabel("energy (µJ)")
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_xlim(-0.6, n - 0.4)
    top = float(totals.max()) if n else 1.0
    ax.set_ylim(0, (top or 1.0) * 1.12)
    ax.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    ax.set_axisbelow(True)
    if n <= 16:
        for j, total in enumerate(totals):
            ax.annotate(f"{total:,.0f}" if total >= 100 else f"{total:.3g}", (j, total),
                        xytext=(0, 2), textcoords="offset points", ha="center",
                        va="bottom", fontsize=8)
    # Legend: top of the stack first, beside the plot.
    ax.legend(handles[::-1], [h.get_label() for h in handles[::-1]], loc="upper left",
              bbox_to_anchor=(1.01, 1.0), fontsize=9, title="level", title_fontsize=9)
    arch = data.get("arch")
    title = "Energy per layer by memory level"
    if arch:
        title += f" ({arch})"
    total_uj = float(totals.sum())
    fig.suptitle(f"{title}: {total_uj:,.0f} µJ over {n} array layers")

    if ax_pct is not None:
        shares = 100.0 * uj / np.where(totals > 0, totals, 1.0)
        bottom = np.zeros(n)
        for i, (_, label, color) in enumerate(ENERGY_LEVELS):
            ax_pct.bar(x, shares[i], 0.7, bottom=bottom, color=color, edgecolor="white",
                       linewidth=0.4)
            bottom += shares[i]
        ax_pct.set_ylim(0, 100)
        ax_pct.set_yticks(range(0, 101, 20))
        ax_pct.set_ylabel("share of layer energy (%)")
        ax_pct.set_title("the same, each layer normalized to 100 %", fontsize=10)
        ax.tick_params(axis="x", labelbottom=False)
    bottom_ax = ax_pct if ax_pct is not None else ax
    _x_labels(bottom_ax, names)
    bottom_ax.set_xlabel("layer (program order, host layers left out)")
    written = _save(fig, out_stem)
    return written


# ---------------------------------------------------------------------------------------
# 2. The PE array of one layer
# ---------------------------------------------------------------------------------------

PE_FIELDS = ("active", "chain", "channel_set", "filter_row", "ofmap_row")


def _pe_grid(layer: dict, stats: dict) -> Tuple[int, int, List[List[int]]]:
    table = layer.get("pe_table")
    if table is None:
        raise ValueError(
            f"layer {layer.get('name')!r} has no pe_table in the statistics: they come "
            f"from an eyeriss-run without per-PE output; rebuild it and rerun the program "
            f"with --stats")
    rows = layer.get("array_rows") or stats.get("array_rows")
    cols = layer.get("array_cols") or stats.get("array_cols")
    if not rows or not cols:
        raise ValueError(f"layer {layer.get('name')!r} has a pe_table but no "
                         f"array_rows/array_cols")
    rows, cols = int(rows), int(cols)
    if len(table) != rows * cols or any(len(e) < len(PE_FIELDS) for e in table):
        raise ValueError(
            f"layer {layer.get('name')!r}: pe_table has {len(table)} entries, expected "
            f"{rows}x{cols} = {rows * cols} of [{', '.join(PE_FIELDS)}]")
    return rows, cols, [[int(v) for v in e[:len(PE_FIELDS)]] for e in table]


def _set_colors(sets: Sequence[Tuple[int, int]]) -> Dict[Tuple[int, int], str]:
    """A colour per PE set (chain, channel set): the hue tells the chain (cycling through
    nine when there are more), the shade the channel set (the first the strongest)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex, to_rgb

    cmap = colormaps["tab10"]
    hues = [cmap(i) for i in range(10) if i != 7]  # tab10's grey is the inactive colour
    chains = sorted({c for c, _ in sets})
    channel_sets = sorted({s for _, s in sets})
    colors = {}
    for c, s in sets:
        base = to_rgb(hues[chains.index(c) % len(hues)])
        k = channel_sets.index(s)
        mix = 0.6 * k / (len(channel_sets) - 1) if len(channel_sets) > 1 else 0.0
        colors[(c, s)] = to_hex(tuple(x + (1.0 - x) * mix for x in base))
    return colors


def _text_color(hex_color: str) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(hex_color)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def array_mapping(stats, layer: str, out_stem: PathLike) -> List[Path]:
    """The PE array of one array layer: each PE coloured by its PE set (psum chain, channel
    set), labelled "filter row / ofmap row"; inactive PEs grey; row 0 on top."""
    from matplotlib.colors import to_rgb
    from matplotlib.patches import Patch
    import numpy as np

    data = load_json(stats)
    entry, short = find_layer(data, layer)
    rows, cols, table = _pe_grid(entry, data)

    sets = sorted({(c, s) for a, c, s, _, _ in table if a})
    colors = _set_colors(sets)
    image = np.zeros((rows, cols, 3))
    for idx, (active, chain, channel_set, _, _) in enumerate(table):
        color = colors[(chain, channel_set)] if active else INACTIVE_COLOR
        image[idx // cols, idx % cols] = to_rgb(color)
    active_count = sum(1 for e in table if e[0])

    fig = _figure(max(8.5, 0.5 * cols + 3.6), max(5.8, 0.44 * rows + 1.7))
    ax = fig.subplots()
    ax.imshow(image, origin="upper", interpolation="nearest", aspect="equal")
    ax.set_xticks(range(cols))
    ax.set_yticks(range(rows))
    ax.set_xticks(np.arange(-0.5, cols), minor=True)
    ax.set_yticks(np.arange(-0.5, rows), minor=True)
    ax.grid(which="minor", color="white", linewidth=1.5)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", labelsize=8)
    ax.set_xlabel("PE column")
    ax.set_ylabel("PE row (0 = top)")
    # Up to MAX_LEGEND sets are told apart by the legend; beyond, each cell names its set.
    in_cells = len(sets) > MAX_LEGEND
    size = 7.5 if cols <= 14 else 6
    for idx, (active, chain, channel_set, filter_row, ofmap_row) in enumerate(table):
        if not active:
            continue
        text = f"{filter_row}/{ofmap_row}"
        if in_cells:
            text += f"\nc{chain} s{channel_set}"
        ax.text(idx % cols, idx // cols, text, ha="center", va="center",
                fontsize=size - 1 if in_cells else size, linespacing=1.15,
                color=_text_color(colors[(chain, channel_set)]))

    name = str(entry.get("name"))
    mapping = entry.get("mapping") or {}
    mapping_text = " ".join(f"{k}={mapping[k]}" for k in "mnepqrt" if k in mapping)
    heading = short if short == name else f"{short} ({name})"
    ax.set_title(f"{heading}: PE array {rows}x{cols}, {active_count} of {rows * cols} "
                 f"PEs active\nmapping {mapping_text or '(not in the statistics)'}",
                 fontsize=10)

    chains = sorted({c for c, _ in sets})
    channel_sets = sorted({s for _, s in sets})
    if in_cells:
        handles = [Patch(facecolor=colors[(c, channel_sets[0])], label=f"chain {c}")
                   for c in chains[:9]]
        if len(chains) > 9:
            handles.append(Patch(facecolor="white", edgecolor="white",
                                 label="... (colours repeat)"))
        handles += [Patch(facecolor=colors[(chains[0], s)], label=f"channel set {s}")
                    for s in channel_sets]
        legend_title = (f"{len(sets)} PE sets: {len(chains)} psum chains\n"
                        f"x {len(channel_sets)} channel sets\nhue: chain, shade: set")
    else:
        handles = [Patch(facecolor=colors[s], label=f"chain {s[0]}, channel set {s[1]}")
                   for s in sets]
        legend_title = f"PE set ({len(sets)})"
    handles.append(Patch(facecolor=INACTIVE_COLOR, label="inactive PE"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0),
              fontsize=8, title=legend_title, title_fontsize=8, alignment="left")
    note = "cell text: filter row / ofmap row"
    if in_cells:
        note += "; c: psum chain, s: channel set"
    ax.annotate(note, (0, 0), xycoords="axes fraction", xytext=(0, -30), textcoords="offset points", ha="left", va="top",
                fontsize=8, color="#404040")
    return _save(fig, out_stem)


# ---------------------------------------------------------------------------------------
# 3. Utilization over time
# ---------------------------------------------------------------------------------------


def _trace_events(trace) -> List[dict]:
    data = load_json(trace)
    events = data.get("traceEvents")
    if not isinstance(events, list):
        raise ValueError("the trace has no 'traceEvents' list; expected the JSON that "
                         "eyeriss-run --trace writes")
    return [e for e in events if isinstance(e, dict) and e.get("ph") == "X"]


def _passes(events: Iterable[dict]) -> List[Tuple[float, float, float, str]]:
    """(start µs, end µs, utilization, layer name) of the PE-array passes, by start."""
    passes = []
    missing = 0
    for e in events:
        if e.get("tid") != 3 or e.get("cat") != "pass":
            continue
        util = (e.get("args") or {}).get("utilization")
        if util is None:
            missing += 1
            continue
        start = float(e.get("ts", 0))
        name = str(e.get("name", ""))
        layer = name[5:] if name.startswith("pass ") else name
        passes.append((start, start + float(e.get("dur", 0)), float(util), layer))
    if missing and not passes:
        raise ValueError(f"the trace's {missing} PE-array passes have no 'utilization' "
                         f"argument: it comes from an older eyeriss-run; rebuild it and "
                         f"rerun the program with --trace")
    passes.sort()
    return passes


def _steps(passes: Sequence[Tuple[float, float, float, str]]):
    """Edges (ms) and values (%) of the step curve: each pass's utilization, 0 between
    passes; equal neighbours merged."""
    edges: List[float] = []
    values: List[float] = []

    def add(x0: float, x1: float, v: float) -> None:
        if x1 <= x0:
            return
        if values and values[-1] == v and edges[-1] == x0:
            edges[-1] = x1
            return
        if not edges:
            edges.append(x0)
        elif edges[-1] < x0:  # a gap: idle array
            if values and values[-1] == 0.0:
                edges[-1] = x0
            else:
                values.append(0.0)
                edges.append(x0)
        values.append(v)
        edges.append(x1)

    for start, end, util, _ in passes:
        if edges:
            start = max(start, edges[-1])
        add(start / 1000.0, end / 1000.0, 100.0 * util)
    return edges, values


BINS = 1000  # bins of the time axis when there are more steps than it can show


def _nice_step(x: float) -> float:
    """The smallest of 1, 2, 5 x 10^k at least x."""
    if x <= 0:
        return 1.0
    k = math.floor(math.log10(x))
    for m in (1, 2, 5, 10):
        if m * 10 ** k >= x * (1 - 1e-9):
            return m * 10 ** k
    return 10 ** (k + 1)


def _binned(edges: Sequence[float], values: Sequence[float], width: float, end: float):
    """Per bin of `width` ms over [0, end]: the peak and the time average of the step curve
    (edges, values)."""
    import numpy as np

    e = np.asarray(edges, dtype=float)
    v = np.asarray(values, dtype=float)
    count = max(1, int(math.ceil(end / width)))
    bin_edges = np.arange(count + 1) * width
    # Time average: the integral of the curve is piecewise linear between its edges.
    knots = np.concatenate([[0.0, e[0]], e[1:]]) if e[0] > 0 else e
    integral = np.concatenate([[0.0, 0.0] if e[0] > 0 else [0.0],
                               np.cumsum(v * np.diff(e))])
    at = np.interp(bin_edges, knots, integral)
    mean = np.diff(at) / width
    # Peak: every segment raises the bins it touches.
    first = np.clip((e[:-1] // width).astype(int), 0, count - 1)
    last = np.clip((np.ceil(e[1:] / width) - 1).astype(int), 0, count - 1)
    last = np.maximum(last, first)
    spans = last - first + 1
    index = np.repeat(first, spans) + (np.arange(spans.sum()) -
                                       np.repeat(np.cumsum(spans) - spans, spans))
    peak = np.zeros(count)
    np.maximum.at(peak, index, np.repeat(v, spans))
    return bin_edges, peak, mean


def _format_ms(ms: float) -> str:
    if ms >= 1:
        return f"{ms:g} ms"
    return f"{ms * 1000:g} µs"


def utilization_timeline(trace, out_stem: PathLike, core_mhz: Optional[float] = None
                         ) -> List[Path]:
    """The % of PEs doing MACs (the pass events' utilization x 100) over simulated time in
    ms, as a step plot, with the layers' spans shaded and labelled with their average.

    When there are more passes than the plot has room for, the steps are binned: the
    filled curve is each bin's peak (what the passes in it reach) and a line its time
    average (the idle gaps between passes counted). With `core_mhz`, a second x axis in
    core cycles."""
    from matplotlib.patches import Patch

    events = _trace_events(trace)
    passes = _passes(events)
    if not passes:
        raise ValueError("the trace has no PE-array pass (tid 3, cat 'pass'): nothing to "
                         "plot")
    spans = sorted((e for e in events
                    if e.get("tid") == 0 and e.get("cat", "") in ARRAY_KINDS),
                   key=lambda e: float(e.get("ts", 0)))
    labels = short_names([(str(e.get("name")), str(e.get("cat"))) for e in spans])

    edges, values = _steps(passes)
    end_ms = max([edges[-1]] + [(float(e.get("ts", 0)) + float(e.get("dur", 0))) / 1000.0
                                for e in spans])
    fig = _figure(12.0, 5.2)
    ax = fig.subplots()

    shade = ("#dbe9f6", "#efefef")
    for i, e in enumerate(spans):
        x0 = float(e.get("ts", 0)) / 1000.0
        x1 = x0 + float(e.get("dur", 0)) / 1000.0
        ax.axvspan(x0, x1, color=shade[i % 2], zorder=0, linewidth=0)

    if len(values) <= 2 * BINS:
        ax.stairs(values, edges, fill=True, color="#9ecae1", zorder=2)
        ax.stairs(values, edges, color="#08519c", linewidth=0.8, zorder=3)
        ax.legend(handles=[Patch(facecolor="#9ecae1", edgecolor="#08519c",
                                 label="during each PE-array pass (one step per pass, "
                                       "0 between)")],
                  loc="upper center", bbox_to_anchor=(0.5, -0.14), fontsize=9,
                  frameon=False)
        subtitle = ""
    else:
        width = _nice_step(end_ms / BINS)
        bin_edges, peak, mean = _binned(edges, values, width, end_ms)
        ax.stairs(peak, bin_edges, fill=True, color="#9ecae1", zorder=2,
                  label=f"during the PE-array passes (peak per {_format_ms(width)})")
        ax.stairs(mean, bin_edges, color="#08519c", linewidth=0.9, zorder=3,
                  label=f"average per {_format_ms(width)} (gaps between passes count "
                        f"as idle)")
        subtitle = f"; {len(passes):,} passes binned by {_format_ms(width)}"

    ax.set_xlim(0, end_ms * 1.005 if end_ms > 0 else 1)
    ax.set_ylim(0, 130)
    ax.set_yticks(range(0, 101, 20))
    ax.set_xlabel("simulated time (ms)")
    ax.set_ylabel("PEs doing MACs (% of the array)")
    ax.grid(axis="y", color="#d0d0d0", linewidth=0.6)
    ax.axhline(100, color="#808080", linewidth=0.6, zorder=1)
    busy_total = sum(u * (b - a) for a, b, u, _ in passes)
    overall = 100.0 * busy_total / (end_ms * 1000.0) if end_ms > 0 else 0.0
    fig.suptitle(f"PE-array utilization over time: {len(passes):,} passes, "
                 f"{overall:.1f} % of the PEs busy on average over "
                 f"{f'{end_ms:,.1f}' if end_ms >= 10 else f'{end_ms:.3g}'} ms")
    ax.set_title("shaded: layer spans, labelled with the layer's average utilization"
                 + subtitle, fontsize=9, color="#404040")
    if subtitle:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=9,
                  frameon=False)
    if core_mhz:
        mhz = float(core_mhz)
        cycles = end_ms * mhz * 1000.0
        scale, unit = ((1e6, "millions, ") if cycles >= 2e6 else
                       (1e3, "thousands, ") if cycles >= 2e3 else (1.0, ""))
        per_ms = mhz * 1000.0 / scale
        sec = ax.secondary_xaxis("top", functions=(lambda ms: ms * per_ms,
                                                   lambda c: c / per_ms))
        sec.set_xlabel(f"core cycles ({unit}at {mhz:g} MHz)", fontsize=9)
        sec.tick_params(labelsize=8)

    busy: Dict[str, float] = {}
    for start, end, util, layer in passes:
        busy[layer] = busy.get(layer, 0.0) + util * (end - start)
    averages = {}
    for e in spans:
        name, dur = str(e.get("name")), float(e.get("dur", 0))
        if dur > 0 and name in busy:
            averages[name] = 100.0 * busy[name] / dur
    _fix_layout(fig)
    _label_spans(ax, spans, labels, averages)
    return _save(fig, out_stem)


def _label_spans(ax, spans: Sequence[dict], labels: Dict[str, str],
                 averages: Dict[str, float]) -> None:
    """Each layer's short name (and average utilization) in the band above 100 %:
    horizontal when it fits its span, else vertical, else the name alone; left out when
    nothing fits without touching a neighbour's."""
    from matplotlib.transforms import blended_transform_factory

    renderer = ax.figure.canvas.get_renderer()
    transform = blended_transform_factory(ax.transData, ax.transAxes)
    axes_box = ax.get_window_extent(renderer)
    band_bottom = ax.transData.transform((0, 101))[1]
    placed = []
    for e in spans:
        name = str(e.get("name"))
        x0 = float(e.get("ts", 0)) / 1000.0
        x1 = x0 + float(e.get("dur", 0)) / 1000.0
        px0, px1 = (ax.transData.transform((x, 0))[0] for x in (x0, x1))
        px0, px1 = max(px0, axes_box.x0), min(px1, axes_box.x1)
        texts = [labels[name]]
        if name in averages:
            avg = averages[name]
            avg_text = f"{avg:.0f} %" if avg >= 9.95 else f"{avg:.1f} %"
            texts.insert(0, f"{labels[name]}\n{avg_text}")
            texts.insert(1, f"{labels[name]} {avg_text}")
        options = [(t, r, 9) for r in (0, 90) for t in texts] + [(labels[name], 90, 7)]
        for text, rotation, size in options:
            t = ax.text((x0 + x1) / 2, 0.985, text, transform=transform, ha="center",
                        va="top", rotation=rotation, fontsize=size, zorder=5,
                        linespacing=1.1)
            box = t.get_window_extent(renderer)
            if box.x0 >= px0 + 1 and box.x1 <= px1 - 1 and box.y0 >= band_bottom and \
                    not _overlaps(box, placed):
                placed.append(box)
                break
            t.remove()


# ---------------------------------------------------------------------------------------
# All of them
# ---------------------------------------------------------------------------------------


def plot_all(stats_path, trace_path, out_dir: PathLike,
             layers: Optional[Sequence[str]] = None) -> List[Path]:
    """energy-breakdown.{png,svg}, mapping-<layer>.{png,svg} per array layer (or per layer
    of `layers`) and utilization.{png,svg} in `out_dir`. Either input may be None to leave
    its pictures out. Returns the files written."""
    out = Path(out_dir)
    written: List[Path] = []
    stats = load_json(stats_path) if stats_path is not None else None
    trace = load_json(trace_path) if trace_path is not None else None
    if stats is None and trace is None:
        raise ValueError("nothing to plot: give the statistics, the trace or both")
    if layers and stats is None:
        raise ValueError("mapping pictures of layers need the statistics")
    if stats is not None:
        # Check the layer names before drawing anything.
        if layers:
            chosen = [find_layer(stats, name) for name in layers]
        else:
            chosen = [(l, lbl) for l, lbl in
                      ((l, _labels(array_layers(stats))[str(l.get("name"))])
                       for l in array_layers(stats)) if "pe_table" in l]
            if array_layers(stats) and not chosen:
                raise ValueError(
                    "no layer of the statistics has a pe_table: they come from an "
                    "eyeriss-run without per-PE output; rebuild it and rerun the program "
                    "with --stats")
        for entry, _ in chosen:
            _pe_grid(entry, stats)
        written += energy_breakdown(stats, out / "energy-breakdown")
        for entry, short in chosen:
            slug = _slug(short.lower() if short != entry.get("name") else short)
            written += array_mapping(stats, str(entry.get("name")), out / f"mapping-{slug}")
    if trace is not None:
        core_mhz = stats.get("core_mhz") if stats is not None else None
        written += utilization_timeline(trace, out / "utilization", core_mhz=core_mhz)
    return written
