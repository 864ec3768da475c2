"""Typed records of the curated seed (see ``seed/README.md`` for the file formats).

Every model forbids unknown fields and checks its values strictly: years are four ASCII digits
(full-width digits such as ``２０２１`` get a message that says so), yes/no flags are the words
``yes``/``no``, ids are lowercase slugs, and controlled values come from the SKOS schemes of
``ontology/vocabularies.ttl``.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

FULLWIDTH_DIGITS = re.compile("[\uff10-\uff19]")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
YEAR = re.compile(r"^[0-9]{4}$")
YEAR_MONTH = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2]))?$")
DECIMAL = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
CODE = re.compile(r"^[0-9]{6}$")


def _no_fullwidth(value: str) -> None:
    if FULLWIDTH_DIGITS.search(value):
        raise ValueError("全角数字，请写半角数字 0-9 / full-width digits; write ASCII digits 0-9")


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(
            "编号须为小写 ASCII 短名，如 'nanjing-development-plan' / "
            "an id is a lowercase ASCII slug like 'nanjing-development-plan'"
        )
    return value


def _year(value: str) -> str:
    _no_fullwidth(value)
    if not YEAR.match(value):
        raise ValueError("年份须为四位半角数字，如 2021 / a year is four ASCII digits, e.g. 2021")
    return value


def _year_month(value: str) -> str:
    _no_fullwidth(value)
    if not YEAR_MONTH.match(value):
        raise ValueError(
            "日期须为 YYYY-MM 或 YYYY，如 2021-03 / a date is YYYY-MM or YYYY, e.g. 2021-03"
        )
    return value


DATE = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$")


def _date(value: str) -> str:
    _no_fullwidth(value)
    if not DATE.match(value):
        raise ValueError(
            "日期须为 YYYY-MM 或 YYYY-MM-DD，如 2025-06 或 2025-06-30 / "
            "a date is YYYY-MM or YYYY-MM-DD, e.g. 2025-06 or 2025-06-30"
        )
    return value


def _decimal(value: str) -> str:
    _no_fullwidth(value)
    if not DECIMAL.match(value):
        raise ValueError(
            "数字须用半角数字和 '.' 书写，如 2.64 / "
            "a number is written with ASCII digits and '.', e.g. 2.64"
        )
    return value


def _code(value: str) -> str:
    _no_fullwidth(value)
    if not CODE.match(value):
        raise ValueError(
            "区划代码须为六位半角数字，如 320100 / a division code is six ASCII digits, e.g. 320100"
        )
    return value


def check_period(start: str | None, end: str | None) -> str | None:
    """A period may not end before it starts."""
    if start and end and end < start:
        raise ValueError(
            f"期末 {end} 早于期初 {start} / period_end {end} is before period_start {start}"
        )
    return end


def _yes_no(value: object) -> object:
    if isinstance(value, bool):
        return value
    if value == "yes":
        return True
    if value == "no":
        return False
    raise ValueError("请写 yes 或 no / write yes or no")


def _text_list(value: object) -> object:
    """Accept a ';'-separated cell (CSV) as a list; YAML lists pass through."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


Slug = Annotated[str, AfterValidator(_slug)]
Year = Annotated[str, AfterValidator(_year)]
YearMonth = Annotated[str, AfterValidator(_year_month)]
DecimalText = Annotated[str, AfterValidator(_decimal)]
DivisionCode = Annotated[str, AfterValidator(_code)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
UnitRef = Annotated[str, Field(min_length=2)]
TextList = Annotated[list[str], BeforeValidator(_text_list)]

ReportSection = Literal[
    "table-1-1",
    "table-1-2",
    "table-1-3",
    "table-1-4",
    "table-1-5",
    "table-1-6",
    "section-1-1",
    "section-1-2-1",
    "section-1-2-2",
    "section-1-2-3",
    "box-chengdu",
    "box-xian",
    "footnote-table-1-3",
    "footnote-table-1-5",
    "references",
]
INGESTED_LINE = re.compile(r"^(?P<source>[a-z0-9]+(-[a-z0-9]+)*)-l(?P<line>[1-9][0-9]*)$")


def _source_id(value: str) -> str:
    """A section of the report, or a line of an ingested source (``<source id>-l<line>``,
    its source registered in ``sources.yaml``; the seed reader checks that)."""
    if value in get_args(ReportSection) or INGESTED_LINE.match(value):
        return value
    raise ValueError(
        "未知来源：须为报告的章节（table-1-3、section-1-1 …）或已读取来源的一行 <来源编号>-l<行号>"
        " / unknown source: a section of the report (table-1-3, section-1-1 …) or a line of an"
        " ingested source written <source id>-l<line>"
    )


SourceId = Annotated[str, AfterValidator(_source_id)]
Role = Literal["core", "extended", "task_related"]
Coverage = Literal["whole", "districts_only", "central_urban_area", "part"]
PlanKind = Literal[
    "development",
    "territorial_spatial",
    "special",
    "sub_regional",
    "adjacent_area",
    "coordination_guideline",
    "key_area",
]
DocumentKind = Literal[
    "action_plan",
    "implementation_scheme",
    "annual_work_points",
    "cooperation_agreement",
    "memorandum",
]
ProcessStep = Literal["in_preparation", "approved", "issued"]
Publication = Literal["public", "not_public", "unknown"]
Tier = Literal["area", "city_pair", "adjacent_county", "province", "city"]
AvailabilityState = Literal["none_public", "in_preparation", "exists"]
ZoneKind = Literal[
    "new_area",
    "demonstration_zone",
    "cooperation_zone",
    "experimental_zone",
    "development_zone",
    "investment_zone",
]
AgencyKind = Literal[
    "leading_group",
    "office",
    "affairs_centre",
    "government",
    "party_central",
    "state_council",
    "ministry",
    "commission",
    "department",
    "enterprise",
    "research_team",
    "research_institute",
]
Measure = Literal[
    "land_area",
    "population",
    "gdp",
    "coastline",
    "share_of_province_land",
    "share_of_province_population",
    "share_of_province_gdp",
    "share_of_province_coastline",
    "flat_land_area",
    "hilly_land_area",
    "mountain_land_area",
    "city_count",
    "neighbour_city_count",
    "urban_population",
    "population_decrease",
    "urbanization_rate",
]
YearBasis = Literal["end_of_year", "year"]
ComponentKind = Literal["sub_index", "dimension", "indicator"]
Theme = Literal[
    "background",
    "general_requirements",
    "spatial_layout",
    "infrastructure",
    "innovation",
    "industry",
    "opening_up",
    "market",
    "public_services",
    "ecology",
    "urban_rural",
    "institutions",
    "implementation",
    "culture",
    "ocean_economy",
    "consumption",
    "taiwan_cooperation",
    "belt_and_road",
]


def _references_only() -> list[str]:
    return ["references"]


class Record(BaseModel):
    """Base of every curated record: strict, immutable, no unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Figure(Record):
    """One number of 表1-3 (land area, population, GDP …) with its year and scope."""

    measure: Measure
    value: DecimalText
    unit: str
    year: Year | None = None
    year_basis: YearBasis | None = None
    scope: Literal["core", "extended", "whole"]
    approximate: YesNo = False
    source_words: str
    source: SourceId = "table-1-3"
    note: str | None = None


class Description(Record):
    """A descriptive statement the text makes about an area (e.g. a box's 中西部第一个国家级都市圈),
    in the text's own words."""

    words: str
    source: SourceId
    interpretation: str | None = None


class Area(Record):
    """A national metropolitan area of 表1-3."""

    id: Slug
    name_zh: str
    name_en: str
    central_city: UnitRef | None = None
    release: YearMonth | None = None
    release_public: YesNo
    approved_by: Slug
    approval_source: SourceId | None = None
    scope_words: str | None = None
    scope_source: str | None = None
    scope_public: YesNo | None = None
    sources: list[SourceId] = Field(min_length=1)
    note: str | None = None
    interpretation: str | None = None
    figures: list[Figure] = Field(default_factory=list)
    descriptions: list[Description] = Field(default_factory=list)


class Membership(Record):
    """One row of ``memberships.csv``: a unit in an area's scope."""

    area: Slug
    role: Role
    unit: UnitRef
    coverage: Coverage
    excludes: TextList = Field(default_factory=list)
    source_words: str
    interpretation: str | None = None
    note: str | None = None


MEMBERSHIP_COLUMNS = (
    "area",
    "role",
    "unit",
    "coverage",
    "excludes",
    "source_words",
    "interpretation",
    "note",
)


class SpecialZone(Record):
    """A new area, demonstration zone, cooperation zone … and the units it lies in."""

    id: Slug
    name_zh: str
    name_en: str
    kind: ZoneKind
    lies_in: list[UnitRef] = Field(min_length=1)
    lies_in_source: str
    source_words: str | None = None
    sources: list[SourceId] = Field(min_length=1)
    interpretation: str | None = None
    note: str | None = None


class Plan(Record):
    """A plan of 表1-5 or the text."""

    id: Slug
    title: str
    title_en: str | None = None
    kind: PlanKind
    areas: list[Slug] = Field(min_length=1)
    period_start: Year | None = None
    period_end: Year | None = None
    process_step: ProcessStep | None = None
    publication: Publication | None = None
    released: YearMonth | None = None
    approved_by: Slug | None = None
    issued_by: list[Slug] = Field(default_factory=list)
    led_by: list[Slug] = Field(default_factory=list)
    based_on: list[Slug] = Field(default_factory=list)
    concerns: list[UnitRef] = Field(default_factory=list)
    sources: list[SourceId] = Field(min_length=1)
    source_words: str
    revised: Year | None = None
    reference: Annotated[str, AfterValidator(_decimal)] | None = None
    interpretation: str | None = None
    note: str | None = None

    @field_validator("period_end")
    @classmethod
    def _period_in_order(cls, end: str | None, info: ValidationInfo) -> str | None:
        return check_period(info.data.get("period_start"), end)


class PlanGap(Record):
    """What 表1-5 states as missing (暂无)."""

    id: Slug
    area: Slug
    kind: PlanKind
    state: AvailabilityState
    source_words: str
    sources: list[SourceId] = Field(min_length=1)
    note: str | None = None


class Chapter(Record):
    """A first-level chapter of a development plan (表1-4)."""

    number: Annotated[str, AfterValidator(_decimal)]
    title: str
    themes: list[Theme] = Field(min_length=1)
    interpretation: str | None = None
    note: str | None = None


class ChapterSet(Record):
    """The chapter titles of one plan, with theme tags (an interpretation)."""

    id: Slug
    plan: Slug
    sources: list[SourceId] = Field(min_length=1)
    classified_by: str
    chapters: list[Chapter] = Field(min_length=1)
    note: str | None = None


class Document(Record):
    """An action plan, scheme, work points, agreement or memorandum (表1-6)."""

    id: Slug
    title: str
    title_en: str | None = None
    kind: DocumentKind
    year: Year
    period_start: Year | None = None
    period_end: Year | None = None
    tier: Tier
    tier_interpretation: str | None = None
    areas: list[Slug] = Field(min_length=1)
    parties: list[Slug] = Field(default_factory=list)
    concerns: list[UnitRef] = Field(default_factory=list)
    sources: list[SourceId] = Field(min_length=1)
    source_words: str
    interpretation: str | None = None
    note: str | None = None

    @field_validator("period_end")
    @classmethod
    def _period_in_order(cls, end: str | None, info: ValidationInfo) -> str | None:
        return check_period(info.data.get("period_start"), end)


class NationalDocument(Record):
    """A national document the text names (a plan, opinion, decision or scheme of the central
    bodies), held with its issuer, year and number only where the text gives them."""

    id: Slug
    title: str
    title_en: str | None = None
    issued_by: list[Slug] = Field(default_factory=list)
    year: Year | None = None
    released: YearMonth | None = None
    number: str | None = None
    sources: list[SourceId] = Field(min_length=1)
    source_words: str
    interpretation: str | None = None
    note: str | None = None


class StatedFigure(Record):
    """A figure the text states about several areas together (a value or a range) or about the
    whole country (no areas)."""

    id: Slug
    subject_words: str
    areas: list[Slug] = Field(default_factory=list)
    measure: Measure
    value: DecimalText | None = None
    minimum: DecimalText | None = None
    maximum: DecimalText | None = None
    unit: str
    year: Year | None = None
    period_start: Year | None = None
    period_end: Year | None = None
    year_basis: YearBasis | None = None
    approximate: YesNo = False
    sources: list[SourceId] = Field(min_length=1)
    source_words: str
    interpretation: str | None = None
    note: str | None = None

    @field_validator("period_end")
    @classmethod
    def _period_in_order(cls, end: str | None, info: ValidationInfo) -> str | None:
        return check_period(info.data.get("period_start"), end)

    @model_validator(mode="after")
    def _value_or_range(self) -> StatedFigure:
        if (self.value is None) == (self.minimum is None or self.maximum is None):
            raise ValueError(
                "所述数字须有一个值，或同时有最小值和最大值 / "
                "a stated figure has either a value or both minimum and maximum"
            )
        return self


class Organization(Record):
    """An agency or another body the text names."""

    id: Slug
    name_zh: str
    name_en: str | None = None
    kind: AgencyKind
    part_of: Slug | None = None
    coordinates: list[Slug] = Field(default_factory=list)
    territory: UnitRef | None = None
    sources: list[SourceId] = Field(min_length=1)
    source_words: str | None = None
    interpretation: str | None = None
    note: str | None = None


class Facet(Record):
    """A row label (项目) of 表1-1 or 表1-2."""

    id: Slug
    name_zh: str
    name_en: str


class Mode(Record):
    """A governance or planning mode and its value for each facet."""

    id: Slug
    name_zh: str
    name_en: str
    values: dict[str, str]
    description: str | None = None
    description_source_words: str | None = None
    description_source: SourceId | None = None
    succeeded_by: Slug | None = None
    succeeded_by_source_words: str | None = None
    succeeded_by_source: SourceId | None = None
    interpretation: str | None = None
    note: str | None = None


class ModeScheme(Record):
    """A comparison table of modes (表1-1 governance, 表1-2 planning)."""

    id: Slug
    name_zh: str
    name_en: str
    source: SourceId
    reference: Annotated[str, AfterValidator(_decimal)] | None = None
    source_words: str | None = None
    interpretation: str | None = None
    facets: list[Facet] = Field(min_length=1)
    modes: list[Mode] = Field(min_length=2)
    note: str | None = None

    @model_validator(mode="after")
    def _values_cover_facets(self) -> ModeScheme:
        facet_ids = {f.id for f in self.facets}
        for mode in self.modes:
            if set(mode.values) != facet_ids:
                missing = sorted(facet_ids - set(mode.values))
                extra = sorted(set(mode.values) - facet_ids)
                raise ValueError(
                    f"模式 {mode.id!r} 的取值须恰好覆盖全部维度 / "
                    f"mode {mode.id!r}: values must cover the facets exactly"
                    f" (missing {missing}, unknown {extra})"
                )
        return self


class Component(Record):
    """A sub-index, dimension or indicator of an index system (nested)."""

    id: Slug
    name_zh: str
    name_en: str | None = None
    kind: ComponentKind
    note: str | None = None
    source_words: str | None = None
    interpretation: str | None = None
    parts: list[Component] = Field(default_factory=list)


class IndicatorSystem(Record):
    """A monitoring index system (成都, 西安, …)."""

    id: Slug
    name_zh: str
    name_en: str | None = None
    evaluates: list[Slug] = Field(default_factory=list)
    developed_by: Slug | None = None
    developed_by_source_words: str | None = None
    concerns: list[UnitRef] = Field(default_factory=list)
    sources: list[SourceId] = Field(min_length=1)
    source_words: str | None = None
    interpretation: str | None = None
    note: str | None = None
    parts: list[Component] = Field(default_factory=list)


class Reference(Record):
    """One entry of the report's reference list."""

    id: Slug
    number: Annotated[str, AfterValidator(_decimal)]
    authors: list[str] = Field(min_length=1)
    et_al: YesNo = False
    title: str
    container: str | None = None
    type: str
    year: Year
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    published: str | None = None
    accessed: str | None = None
    citation: str
    cited_in: list[SourceId] = Field(default_factory=list)
    cited_as: list[str] = Field(default_factory=list)
    sources: list[SourceId] = Field(default_factory=_references_only)
    note: str | None = None


class UnitSupplement(Record):
    """A jurisdiction the gazetteer lacks (``units_supplement.csv``)."""

    code: DivisionCode
    name: str
    level: Literal["province", "prefecture", "county"]
    parent_code: DivisionCode | None = None
    longitude: DecimalText | None = None
    latitude: DecimalText | None = None
    valid_until: Year | None = None
    source: str
    note: str | None = None


SUPPLEMENT_COLUMNS = (
    "code",
    "name",
    "level",
    "parent_code",
    "longitude",
    "latitude",
    "valid_until",
    "source",
    "note",
)


class AcceptedRecord(Record):
    """A record accepted from an ingested source: the seed file, the record's key (its id, or
    ``area role unit`` for a membership) and the line of the source it was read from."""

    file: str
    record: str
    line: Annotated[str, Field(pattern=r"^[1-9][0-9]*$")]


class IngestedSource(Record):
    """A report brought in by ``metrokg ingest`` (``sources.yaml``): what identifies the file
    and the lines records were accepted from."""

    id: Slug
    title: str
    date: Annotated[str, AfterValidator(_date)]
    file: str
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    accepted: list[AcceptedRecord] = Field(default_factory=list)
    note: str | None = None
