"""Unit paths of the seed (``江苏省/南京市/句容市``) for resolved units."""

from __future__ import annotations

from loaders.gazetteer import MUNICIPALITIES, Gazetteer, Unit


def unit_path(gaz: Gazetteer, unit: Unit) -> str:
    """The seed's unit path of ``unit`` (municipalities: province/county)."""
    province = gaz.units[unit.code[:2] + "0000"]
    if unit.level == "province":
        return province.name
    if unit.level == "prefecture":
        return f"{province.name}/{unit.name}"
    parent = gaz.units.get(unit.parent_code or "")
    if parent is None or parent.level == "province" or unit.code[:2] in MUNICIPALITIES:
        return f"{province.name}/{unit.name}"
    return f"{province.name}/{parent.name}/{unit.name}"
