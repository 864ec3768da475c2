"""Read a seed directory into validated records, checking every cross-reference.

``read_seed(dir)`` returns a :class:`SeedData` or raises :class:`InputError` listing every
problem found, each located by file, line, record and field. Nothing is written anywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from loaders.divisions import SOURCE_YEAR, History, shipped_history
from loaders.errors import InputError, InputProblem, Location, display_path
from loaders.gazetteer import Gazetteer, ResolutionError, Unit, parent_of
from loaders.readers import LocatedDict, LocatedList, read_csv_records, read_yaml_records
from ontology.models import (
    INGESTED_LINE,
    MEMBERSHIP_COLUMNS,
    SUPPLEMENT_COLUMNS,
    Area,
    ChapterSet,
    Document,
    IndicatorSystem,
    IngestedSource,
    Membership,
    ModeScheme,
    NationalDocument,
    Organization,
    Plan,
    PlanGap,
    Reference,
    ReportSection,
    SpecialZone,
    StatedFigure,
    UnitSupplement,
)

M = TypeVar("M", bound=BaseModel)
REPORT_SECTIONS = frozenset(get_args(ReportSection))
T = TypeVar("T")

YAML_FILES: dict[str, type[BaseModel]] = {
    "areas.yaml": Area,
    "special_zones.yaml": SpecialZone,
    "plans.yaml": Plan,
    "plan_gaps.yaml": PlanGap,
    "chapters.yaml": ChapterSet,
    "documents.yaml": Document,
    "national_documents.yaml": NationalDocument,
    "stated_figures.yaml": StatedFigure,
    "organizations.yaml": Organization,
    "modes.yaml": ModeScheme,
    "indicator_systems.yaml": IndicatorSystem,
    "references.yaml": Reference,
    "sources.yaml": IngestedSource,
}
CSV_FILES: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "memberships.csv": (Membership, MEMBERSHIP_COLUMNS),
    "units_supplement.csv": (UnitSupplement, SUPPLEMENT_COLUMNS),
}
IGNORED_FILES = frozenset({"README.md"})
ZONE_PREFIX = "zone:"


@dataclass(frozen=True)
class Located(Generic[T]):
    """A validated record with the place it was read from."""

    record: T
    file: str
    line: int
    lines: dict[str, int]

    def key(self) -> str | None:
        """How messages name this record: its id, or what identifies a CSV row."""
        rid = getattr(self.record, "id", None)
        if rid is None and isinstance(self.record, Membership):
            rid = f"{self.record.area} {self.record.role} {self.record.unit}"
        if rid is None and isinstance(self.record, UnitSupplement):
            rid = self.record.code
        return rid

    def at(self, field_name: str | None = None, record: str | None = None) -> Location:
        """Return the location of ``field_name`` of this record."""
        rid = record if record is not None else self.key()
        line = self.lines.get(field_name, self.line) if field_name else self.line
        return Location(self.file, line, rid, field_name)


@dataclass
class SeedData:
    """Everything a seed directory holds, validated and cross-checked."""

    directory: Path
    gazetteer: Gazetteer
    areas: list[Located[Area]] = field(default_factory=list)
    memberships: list[Located[Membership]] = field(default_factory=list)
    zones: list[Located[SpecialZone]] = field(default_factory=list)
    plans: list[Located[Plan]] = field(default_factory=list)
    gaps: list[Located[PlanGap]] = field(default_factory=list)
    chapters: list[Located[ChapterSet]] = field(default_factory=list)
    documents: list[Located[Document]] = field(default_factory=list)
    national: list[Located[NationalDocument]] = field(default_factory=list)
    stated: list[Located[StatedFigure]] = field(default_factory=list)
    organizations: list[Located[Organization]] = field(default_factory=list)
    modes: list[Located[ModeScheme]] = field(default_factory=list)
    indicators: list[Located[IndicatorSystem]] = field(default_factory=list)
    references: list[Located[Reference]] = field(default_factory=list)
    supplement: list[Located[UnitSupplement]] = field(default_factory=list)
    sources: list[Located[IngestedSource]] = field(default_factory=list)
    resolved: dict[str, Unit] = field(default_factory=dict)
    history: History | None = None

    def unit(self, path: str) -> Unit:
        """Return the unit a (checked) unit path resolved to."""
        return self.resolved[path]


def _line_of(raw: Any, loc: tuple[int | str, ...], default: int) -> int:
    """Follow a pydantic error location through located containers to the nearest line."""
    line = default
    node = raw
    for key in loc:
        if isinstance(node, LocatedDict) and isinstance(key, str) and key in node:
            line = node.lines.get(key, line)
            node = node[key]
        elif isinstance(node, LocatedList) and isinstance(key, int) and 0 <= key < len(node):
            child = node[key]
            line = getattr(child, "line", node.line)
            node = child
        else:
            break
    return line


#: pydantic's own error kinds in Chinese (its message, in English, follows); the project's
#: validators raise their messages in both languages already (ontology/models.py).
PYDANTIC_ZH = {
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为 yes 或 no",
    "bool_parsing": "应为 yes 或 no",
    "literal_error": "取值不在允许的范围内",
    "enum": "取值不在允许的范围内",
    "list_type": "应为列表",
    "dict_type": "应为映射",
    "model_type": "应为映射",
    "model_attributes_type": "应为映射",
    "string_too_short": "文本过短",
    "string_too_long": "文本过长",
    "too_short": "条目过少",
    "too_long": "条目过多",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "string_pattern_mismatch": "格式不符",
}


def _pydantic_reason(err: Any) -> str:
    """One pydantic error as a reason: Chinese first, then pydantic's or our English."""
    message = str(err["msg"]).removeprefix("Value error, ")
    if err["type"] == "extra_forbidden":
        return "未知字段 / unknown field"
    if err["type"] == "missing":
        return "缺少必填字段 / required field is missing"
    zh = PYDANTIC_ZH.get(err["type"])
    if zh is None and err["type"] != "value_error":
        zh = "取值无效"
    return f"{zh} / {message}" if zh else message


def _field_name(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(record)"


def validate_records(
    raws: Iterable[LocatedDict], model: type[M], file: str, problems: list[InputProblem]
) -> list[Located[M]]:
    """Validate raw records into ``model``; append located problems for the invalid ones."""
    out: list[Located[M]] = []
    for raw in raws:
        rid = raw.get("id") if isinstance(raw.get("id"), str) else None
        try:
            record = model.model_validate(dict(raw))
        except ValidationError as exc:
            for err in exc.errors():
                loc = tuple(err["loc"])
                message = _pydantic_reason(err)
                value = err.get("input") if err["type"] != "missing" else None
                if isinstance(value, dict):
                    value = None
                problems.append(
                    InputProblem(
                        Location(file, _line_of(raw, loc, raw.line), rid, _field_name(loc)),
                        message,
                        value,
                    )
                )
            continue
        out.append(Located(record, file, raw.line, dict(raw.lines)))
    return out


def _check_unique(items: list[Located[Any]], key: str, problems: list[InputProblem]) -> None:
    seen: dict[str, Located[Any]] = {}
    for item in items:
        value = getattr(item.record, key)
        if value in seen:
            first = seen[value]
            problems.append(
                InputProblem(
                    item.at(key),
                    f"重复的 {key}（首次出现在 {first.file}:{first.line}） / "
                    f"duplicate {key} (first used in {first.file}:{first.line})",
                    value,
                )
            )
        else:
            seen[value] = item


def read_seed(directory: Path, gazetteer: Gazetteer | None = None) -> SeedData:
    """Read and check every seed file of ``directory``.

    Raises:
        InputError: listing every located problem (nothing is partially returned).
    """
    if not directory.is_dir():
        raise InputError(
            [
                InputProblem(
                    Location(display_path(directory)), ("找不到种子目录 / seed directory not found")
                )
            ]
        )
    problems: list[InputProblem] = []
    raw_by_file: dict[str, list[LocatedDict]] = {}
    for path in sorted(directory.iterdir()):
        name = path.name
        if name in IGNORED_FILES or name.startswith("."):
            continue
        if name not in YAML_FILES and name not in CSV_FILES:
            expected = ", ".join([*YAML_FILES, *CSV_FILES])
            problems.append(
                InputProblem(
                    Location(display_path(path)),
                    "未知的种子文件 / unknown seed file",
                    hint=f"应为以下之一 / expected one of {expected}",
                )
            )
            continue
        try:
            if name in YAML_FILES:
                raw_by_file[name] = read_yaml_records(path)
            else:
                raw_by_file[name] = read_csv_records(path, CSV_FILES[name][1])
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)

    gaz = gazetteer if gazetteer is not None else Gazetteer.from_package()
    data = SeedData(directory=directory, gazetteer=gaz)

    def load(name: str, model: type[M]) -> list[Located[M]]:
        file = display_path(directory / name)
        return validate_records(raw_by_file.get(name, []), model, file, problems)

    data.areas = load("areas.yaml", Area)
    data.zones = load("special_zones.yaml", SpecialZone)
    data.plans = load("plans.yaml", Plan)
    data.gaps = load("plan_gaps.yaml", PlanGap)
    data.chapters = load("chapters.yaml", ChapterSet)
    data.documents = load("documents.yaml", Document)
    data.national = load("national_documents.yaml", NationalDocument)
    data.stated = load("stated_figures.yaml", StatedFigure)
    data.organizations = load("organizations.yaml", Organization)
    data.modes = load("modes.yaml", ModeScheme)
    data.indicators = load("indicator_systems.yaml", IndicatorSystem)
    data.references = load("references.yaml", Reference)
    data.sources = load("sources.yaml", IngestedSource)
    data.memberships = load("memberships.csv", Membership)
    data.supplement = load("units_supplement.csv", UnitSupplement)
    if problems:
        raise InputError(problems)

    for items in (
        data.areas,
        data.zones,
        data.plans,
        data.gaps,
        data.chapters,
        data.documents,
        data.national,
        data.stated,
        data.organizations,
        data.modes,
        data.indicators,
        data.references,
        data.sources,
    ):
        _check_unique(items, "id", problems)
    _check_unique(data.supplement, "code", problems)
    _add_supplement(data, problems)
    data.history = shipped_history()
    _add_source_year_units(data, data.history)
    _check_references(data, problems)
    if problems:
        raise InputError(problems)
    return data


def _add_supplement(data: SeedData, problems: list[InputProblem]) -> None:
    for item in data.supplement:
        rec = item.record
        if rec.code in data.gazetteer.units:
            problems.append(
                InputProblem(
                    item.at("code", rec.code),
                    "区划表中已有此代码，请从补充表中删除 / "
                    "the gazetteer already has this code; remove it from the supplement",
                    rec.code,
                )
            )
            continue
        data.gazetteer.add(
            Unit(
                code=rec.code,
                name=rec.name,
                level=rec.level,
                parent_code=rec.parent_code,
                longitude=float(rec.longitude) if rec.longitude else None,
                latitude=float(rec.latitude) if rec.latitude else None,
                source=f"units_supplement.csv: {rec.source}",
                valid_until=rec.valid_until,
                note=rec.note,
            )
        )


HISTORY_SOURCE = "areacodes"


def _add_source_year_units(data: SeedData, history: History) -> None:
    """Add the units valid in the source's year that the (newer) gazetteer lacks."""
    current = [u for u in history.units.values() if u.valid_in(SOURCE_YEAR)]
    codes = set(data.gazetteer.units) | {u.code for u in current}
    for u in current:
        if u.code in data.gazetteer.units:
            continue
        data.gazetteer.add(
            Unit(
                code=u.code,
                name=u.name,
                level=u.level,
                parent_code=parent_of(u.code, codes),
                longitude=None,
                latitude=None,
                source=HISTORY_SOURCE,
                valid_until=str(u.end) if u.end else None,
            )
        )


def _resolve(data: SeedData, path: str) -> Unit:
    """A seed path names the unit of that name in the source's year (from the history); a path
    the history does not know (a curated supplement unit) resolves in the gazetteer."""
    if data.history is not None:
        try:
            found = data.history.resolve(path, SOURCE_YEAR)
        except ResolutionError:
            found = None
        if found is not None and found.code in data.gazetteer.units:
            return data.gazetteer.units[found.code]
    return data.gazetteer.resolve(path)


def _unit_refs(data: SeedData) -> Iterator[tuple[Located[Any], str, str, str | None]]:
    """Yield (item, field, unit path, record label) for every unit path in the seed."""
    for area in data.areas:
        if area.record.central_city:
            yield area, "central_city", area.record.central_city, None
    for m in data.memberships:
        label = f"{m.record.area} {m.record.role} {m.record.unit}"
        yield m, "unit", m.record.unit, label
        for path in m.record.excludes:
            yield m, "excludes", path, label
    for z in data.zones:
        for path in z.record.lies_in:
            yield z, "lies_in", path, None
    for p in data.plans:
        for path in p.record.concerns:
            yield p, "concerns", path, None
    for d in data.documents:
        for path in d.record.concerns:
            yield d, "concerns", path, None
    for o in data.organizations:
        if o.record.territory:
            yield o, "territory", o.record.territory, None
    for i in data.indicators:
        for path in i.record.concerns:
            yield i, "concerns", path, None


#: The kinds of record a reference names, in Chinese (for the located problems).
KIND_ZH = {
    "area": "都市圈",
    "organization": "机构",
    "plan": "规划",
    "mode": "模式",
    "special zone": "特殊功能区",
}


def _check_references(data: SeedData, problems: list[InputProblem]) -> None:
    area_ids = {a.record.id for a in data.areas}
    org_ids = {o.record.id for o in data.organizations}
    plan_ids = {p.record.id for p in data.plans}
    zone_ids = {z.record.id for z in data.zones}

    def need(item: Located[Any], fld: str, value: str | None, known: set[str], kind: str) -> None:
        if value is not None and value not in known:
            problems.append(
                InputProblem(
                    item.at(fld),
                    f"未知的{KIND_ZH.get(kind, kind)}编号（悬空引用） / "
                    f"unknown {kind} id (dangling reference)",
                    value,
                )
            )

    _check_ingested_sources(data, problems)
    for a in data.areas:
        need(a, "approved_by", a.record.approved_by, org_ids, "organization")
    for m in data.memberships:
        need(m, "area", m.record.area, area_ids, "area")
    for p in data.plans:
        for aid in p.record.areas:
            need(p, "areas", aid, area_ids, "area")
        need(p, "approved_by", p.record.approved_by, org_ids, "organization")
        for oid in (*p.record.issued_by, *p.record.led_by):
            need(
                p,
                "issued_by" if oid in p.record.issued_by else "led_by",
                oid,
                org_ids,
                "organization",
            )
        for pid in p.record.based_on:
            need(p, "based_on", pid, plan_ids, "plan")
    for g in data.gaps:
        need(g, "area", g.record.area, area_ids, "area")
    for c in data.chapters:
        need(c, "plan", c.record.plan, plan_ids, "plan")
    for d in data.documents:
        for aid in d.record.areas:
            need(d, "areas", aid, area_ids, "area")
        for oid in d.record.parties:
            need(d, "parties", oid, org_ids, "organization")
    for f in data.stated:
        for aid in f.record.areas:
            need(f, "areas", aid, area_ids, "area")
    for n in data.national:
        for oid in n.record.issued_by:
            need(n, "issued_by", oid, org_ids, "organization")
    for o in data.organizations:
        need(o, "part_of", o.record.part_of, org_ids, "organization")
        for aid in o.record.coordinates:
            need(o, "coordinates", aid, area_ids, "area")
    for i in data.indicators:
        for aid in i.record.evaluates:
            need(i, "evaluates", aid, area_ids, "area")
        need(i, "developed_by", i.record.developed_by, org_ids, "organization")
    for a in data.areas:
        seen: set[tuple[str, str, str | None]] = set()
        for index, fig in enumerate(a.record.figures):
            key = (fig.measure, fig.scope, fig.year)
            if key in seen:
                problems.append(
                    InputProblem(
                        a.at("figures"),
                        f"figures.{index}：同一范围 {fig.scope}、同一年份 "
                        f"{fig.year or '（无）'} 的第二个 {fig.measure} 数字 / "
                        f"figures.{index}: a second {fig.measure} figure for"
                        f" scope {fig.scope} and year {fig.year or '(none)'}",
                        fig.source_words,
                        hint=(
                            "请改用其他范围或年份，或删去一个 / "
                            "give it another scope or year, or drop one"
                        ),
                    )
                )
            seen.add(key)
    for ms in data.modes:
        mode_ids = {mode.id for mode in ms.record.modes}
        for mode in ms.record.modes:
            need(ms, "modes", mode.succeeded_by, mode_ids, "mode")

    for item, fld, path, label in _unit_refs(data):
        if path.startswith(ZONE_PREFIX):
            if fld in {"lies_in", "territory", "central_city", "excludes"}:
                problems.append(
                    InputProblem(
                        item.at(fld, label),
                        ("此处不允许特殊功能区 / a special zone is not allowed here"),
                        path,
                    )
                )
            else:
                need(item, fld, path.removeprefix(ZONE_PREFIX), zone_ids, "special zone")
            continue
        if path in data.resolved:
            continue
        try:
            data.resolved[path] = _resolve(data, path)
        except ResolutionError as exc:
            problems.append(
                InputProblem(
                    item.at(fld, label),
                    f"无法确定行政单位 / unit not resolved: {exc}",
                    path,
                    hint=(
                        "请写出从省开始的完整路径，如 江苏省/南京市/鼓楼区 / "
                        "write the full path from the province, e.g. 江苏省/南京市/鼓楼区"
                    ),
                )
            )


def _check_ingested_sources(data: SeedData, problems: list[InputProblem]) -> None:
    """Every ``<source id>-l<line>`` a record cites names a source of ``sources.yaml``."""
    registered = {s.record.id for s in data.sources}
    groups: list[list[Located[Any]]] = [
        data.areas,
        data.zones,
        data.plans,
        data.gaps,
        data.chapters,
        data.documents,
        data.organizations,
        data.indicators,
    ]
    for items in groups:
        for item in items:
            cited = list(getattr(item.record, "sources", []) or [])
            for fig in getattr(item.record, "figures", []) or []:
                cited.append(fig.source)
            for source in cited:
                m = INGESTED_LINE.match(source)
                if m and source not in REPORT_SECTIONS and m.group("source") not in registered:
                    problems.append(
                        InputProblem(
                            item.at("sources"),
                            "未知的已读取来源（未在 sources.yaml 中登记） / "
                            "unknown ingested source (not registered in sources.yaml)",
                            source,
                        )
                    )
