"""Interface text in Chinese (first) and English, and the choice between data labels.

The explorer shows Chinese by default; a switch in the sidebar shows English labels (the
interface text, and the data's ``@en`` labels where the data has them — Chinese otherwise).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["zh", "en"]

TEXT: dict[str, tuple[str, str]] = {
    # app frame
    "app_title": ("metrokg 都市圈知识图谱", "metrokg — metropolitan areas of China"),
    "english": ("English", "English"),
    "data_dir": ("数据目录", "Data directory"),
    "generation": ("数据版本", "Data generation"),
    "no_data": (
        "数据目录 {dir} 中还没有数据。请先运行 `metrokg load`，加载完成后本页会自动显示新数据。",
        "There is no data in {dir} yet. Run `metrokg load`; the app shows the data once loaded.",
    ),
    "store_error": ("无法打开数据：{msg}", "Cannot open the data: {msg}"),
    "graph_unavailable": (
        "图数据库不可用（{msg}）。SPARQL 功能不受影响。",
        "The graph database is not available ({msg}). SPARQL still works.",
    ),
    # pages
    "page_overview": ("总览", "Overview"),
    "page_area": ("都市圈", "Area profile"),
    "page_graph": ("图谱", "Graph browser"),
    "page_questions": ("问答", "Questions"),
    "page_console": ("查询控制台", "Query consoles"),
    "page_ontology": ("本体", "Ontology"),
    "page_export": ("导出", "Export"),
    # overview
    "ov_counts": ("数量", "Counts"),
    "ov_compare": ("都市圈比较", "Comparing the areas"),
    "ov_compare_hint": (
        "数值为核心（或唯一）规划范围；点击表头排序。年份为数据所指年份。",
        "Figures are for the core (or only) planning scope; click a header to sort. "
        "Years are the years the figures refer to.",
    ),
    "ov_chart_measure": ("图表指标", "Chart"),
    "ov_map": ("都市圈及成员单位分布", "Areas and their member units"),
    "ov_map_hint": (
        "点位来自行政区划坐标（wgs:lat/long），无需底图；菱形为中心城市（资料未给出时为成员单位的中心位置），"
        "灰点为全部行政区。",
        "Points from the gazetteer's coordinates (wgs:lat/long), no basemap needed; diamonds are "
        "central cities (the members' centre where the source names none), grey dots all units.",
    ),
    "ov_gaps": ("规划体系缺口一览", "Plan-system gaps at a glance"),
    "ov_gaps_hint": (
        "已有：有记录的规划或文件；在编：正在编制；暂无：资料明确记为暂无；未见记录：资料中没有提及。",
        "exists: a plan or document is recorded; in preparation: being drafted; none: the source "
        "states there is none; no record: the source says nothing.",
    ),
    "measure_land": ("面积（km²）", "Land area (km²)"),
    "measure_population": ("常住人口（万人）", "Population (10k)"),
    "measure_gdp": ("地区生产总值（亿元）", "GDP (100M yuan)"),
    "col_area": ("都市圈", "Area"),
    "col_central": ("中心城市", "Central city"),
    "col_provinces": ("涉及省份", "Provinces"),
    "col_release": ("规划发布", "Plan released"),
    "col_core": ("核心成员", "Core members"),
    "col_extended": ("拓展成员", "Extended members"),
    "col_land": ("面积 km²", "Land km²"),
    "col_land_year": ("面积年份", "Land year"),
    "col_pop": ("人口 万人", "Population 10k"),
    "col_pop_year": ("人口年份", "Pop. year"),
    "col_gdp": ("GDP 亿元", "GDP 100M yuan"),
    "col_gdp_year": ("GDP 年份", "GDP year"),
    "col_kind": ("类别", "Kind"),
    "col_state": ("状态", "State"),
    "col_count": ("数量", "Count"),
    "col_titles": ("名称", "Titles"),
    "state_exists": ("已有", "exists"),
    "state_in_preparation": ("在编", "in preparation"),
    "state_none": ("暂无", "none"),
    "state_unknown": ("未见记录", "no record"),
    "kind_development": ("发展规划", "Development plan"),
    "kind_spatial": ("国土空间规划", "Spatial plan"),
    "kind_special": ("专项等规划（N）", "Special plans (N)"),
    "kind_action": ("行动计划/方案", "Action plans"),
    "kind_workpoints": ("年度工作要点", "Work points"),
    "kind_agreement": ("合作协议", "Agreements"),
    "count_areas": ("都市圈", "Areas"),
    "count_members": ("成员单位", "Member units"),
    "count_plans": ("规划", "Plans"),
    "count_documents": ("行动文件", "Action documents"),
    "count_agreements": ("合作协议", "Agreements"),
    "count_agencies": ("协调机构", "Agencies"),
    "count_observations": ("统计数据", "Figures"),
    "count_triples": ("三元组", "Triples"),
    # area profile
    "choose_area": ("选择都市圈", "Choose an area"),
    "approved_by": ("批复机关", "Approved by"),
    "area_scope": ("规划范围（原文）", "Scope (source words)"),
    "area_members": ("成员单位", "Member units"),
    "area_members_hint": (
        "按省、市分组；◐ 表示部分覆盖（仅市辖区、中心城区或部分地区）。",
        "Grouped by province and city; ◐ marks partial coverage (districts only, central urban "
        "area or part).",
    ),
    "area_role_filter": ("范围", "Scope"),
    "area_map": ("成员单位地图", "Map of the members"),
    "area_plan_system": ("“1+1+N”规划体系", 'The "1+1+N" plan system'),
    "area_plans_table": ("规划列表", "Plans"),
    "area_timeline": ("行动文件时间线", "Action documents on a timeline"),
    "area_agreements": ("合作协议及其涉及单位", "Agreements and the units they link"),
    "area_agencies": ("协调与相关机构", "Agencies"),
    "area_figures": ("统计数据及来源", "Figures and their sources"),
    "area_indicators": ("监测评价指标体系", "Indicator systems"),
    "none_recorded": ("无记录。", "Nothing recorded."),
    "col_unit": ("单位", "Unit"),
    "col_code": ("区划代码", "Code"),
    "col_level": ("级别", "Level"),
    "col_city": ("地级市", "City"),
    "col_province": ("省份", "Province"),
    "col_role": ("范围", "Scope"),
    "col_coverage": ("覆盖", "Coverage"),
    "col_partial": ("部分", "Partial"),
    "col_excludes": ("不含", "Excludes"),
    "col_source_words": ("原文", "Source words"),
    "col_title": ("名称", "Title"),
    "col_year": ("年份", "Year"),
    "col_period": ("规划期", "Period"),
    "col_step": ("进程", "Step"),
    "col_publication": ("公开情况", "Publication"),
    "col_based_on": ("依据", "Based on"),
    "col_tier": ("层级", "Tier"),
    "col_parties": ("签署方", "Parties"),
    "col_units": ("涉及单位", "Units"),
    "col_name": ("名称", "Name"),
    "col_relation": ("关系", "Relation"),
    "col_parent": ("上级", "Parent"),
    "col_measure": ("指标", "Measure"),
    "col_value": ("数值", "Value"),
    "col_unit_text": ("单位", "Unit"),
    "col_scope": ("范围", "Scope"),
    "col_approx": ("约数", "Approx."),
    "col_sources": ("来源", "Sources"),
    "rel_coordinates": ("协调", "coordinates"),
    "rel_approved": ("批复", "approved"),
    "rel_issued": ("印发", "issued"),
    "rel_led": ("牵头", "led"),
    "rel_party": ("签署", "party"),
    # graph browser
    "gb_search": (
        "按名称搜索节点（中文或英文，部分匹配）",
        "Search a node by name (Chinese or English, partial)",
    ),
    "gb_results": ("匹配节点", "Matching nodes"),
    "gb_no_match": ("没有匹配的节点。", "No node matches."),
    "gb_expand": ("展开节点", "Expand a node"),
    "gb_expand_button": ("展开", "Expand"),
    "gb_reset": ("重新开始", "Start over"),
    "gb_kinds": ("按类别筛选", "Filter by kind"),
    "gb_max": ("最多显示节点数", "Show at most"),
    "gb_showing": ("显示 {n} / {m} 个节点，{e} 条边", "showing {n} of {m} nodes, {e} edges"),
    "gb_layout_static": (
        "节点较多：已关闭物理模拟，使用预先计算的布局。",
        "Many nodes: physics is off, positions are computed in advance.",
    ),
    "gb_details": ("节点属性", "Properties"),
    "gb_provenance": ("来源", "Provenance"),
    "gb_incoming": ("指向该节点的关系", "Incoming links"),
    "gb_select": ("查看节点", "Show node"),
    "gb_click_hint": (
        "点击图中节点即可查看并展开它。",
        "Click a node in the drawing to show and expand it.",
    ),
    "col_property": ("属性", "Property"),
    "col_iri": ("IRI", "IRI"),
    "prov_sections": ("出处（章节/表）", "Derived from (section/table)"),
    "prov_references": ("参考文献", "References"),
    "prov_words": ("原文", "Source words"),
    "prov_interpretation": ("解读", "Interpretation"),
    "prov_note": ("备注", "Note"),
    "prov_classified": ("分类者", "Classified by"),
    # questions
    "qa_gallery": ("问题目录", "The questions"),
    "qa_open": ("打开", "Open"),
    "qa_params": ("参数", "Parameters"),
    "qa_language": ("查询语言", "Query language"),
    "qa_sparql": ("SPARQL（嵌入式 RDF 库）", "SPARQL (embedded RDF store)"),
    "qa_cypher": ("Cypher（属性图）", "Cypher (property graph)"),
    "qa_rows": ("{n} 行", "{n} rows"),
    "qa_table": ("表格", "Table"),
    "qa_graph": ("关系图", "Graph"),
    "qa_map": ("地图", "Map"),
    "qa_chart": ("图表", "Chart"),
    "qa_share": (
        "分享链接（以相同参数重新打开本问题）",
        "Shareable link (reopens this question with these parameters)",
    ),
    "qa_back": ("返回目录", "Back to the list"),
    "qa_query_text": ("查询语句", "Query text"),
    "qa_all": ("（全部）", "(all)"),
    "qa_error": ("查询失败：{msg}", "The question failed: {msg}"),
    "qa_filter": ("筛选问题", "Filter the questions"),
    "choose": ("请选择", "Choose"),
    "download_csv": ("下载 CSV（Excel 可直接打开）", "Download CSV (opens in Excel)"),
    "download_json": ("下载 JSON", "Download JSON"),
    # consoles
    "con_language": ("语言", "Language"),
    "con_prefill": ("从问题目录填入", "Prefill from the catalogue"),
    "con_blank": ("（空白）", "(blank)"),
    "con_editor": ("查询", "Query"),
    "con_run": ("运行", "Run"),
    "con_limits": (
        "只读；时间上限 {t} 秒，最多返回 {r} 行。",
        "Read-only; time limit {t} s, at most {r} rows.",
    ),
    "con_refused": ("查询被拒绝：{msg}", "Query refused: {msg}"),
    "con_failed": ("查询失败：{msg}", "Query failed: {msg}"),
    "con_truncated": ("结果已截断为前 {r} 行。", "The result was cut to the first {r} rows."),
    "con_empty": ("请输入查询。", "Type a query."),
    "con_params_note": (
        "已将问题的参数替换为默认值：{p}",
        "The question's parameters were replaced by their defaults: {p}",
    ),
    # ontology
    "on_classes": ("类及实例数", "Classes and instance counts"),
    "on_class_tree": ("类层次", "Class tree"),
    "on_properties": ("属性（定义域与值域）", "Properties (domain and range)"),
    "on_schemes": ("SKOS 概念体系", "SKOS schemes"),
    "on_scheme": ("概念体系", "Scheme"),
    "on_modes": ("模式比较", "Modes compared"),
    "col_class": ("类", "Class"),
    "col_direct": ("直接实例", "Direct"),
    "col_total": ("含子类", "With subclasses"),
    "col_domain": ("定义域", "Domain"),
    "col_range": ("值域", "Range"),
    "col_prop_kind": ("类型", "Kind"),
    "col_functional": ("单值", "Functional"),
    "col_label": ("标签", "Label"),
    "col_label_en": ("英文标签", "English label"),
    "col_definition": ("定义", "Definition"),
    "col_notation": ("编码", "Notation"),
    "col_broader": ("上位概念", "Broader"),
    "col_concepts": ("概念数", "Concepts"),
    "col_facet": ("方面", "Facet"),
    # export
    "ex_scope": ("范围", "Scope"),
    "ex_whole": ("整个图谱", "The whole graph"),
    "ex_area": ("单个都市圈的子图", "One area's subgraph"),
    "ex_format": ("格式", "Format"),
    "ex_prepare": ("生成", "Prepare"),
    "ex_download": ("下载 {name}（{n} 个三元组）", "Download {name} ({n} triples)"),
    "ex_preview": ("预览（前 40 行）", "Preview (first 40 lines)"),
    # --- issue 16: data sharing (export page) ---
    "ex_shape": ("导出形式", "Shape"),
    "ex_shape_flat": (
        "RDF 图（JSON-LD / Turtle / N-Triples）",
        "RDF graph (JSON-LD / Turtle / N-Triples)",
    ),
    "ex_shape_nested": ("单个都市圈的嵌套 JSON-LD", "One area as nested JSON-LD"),
    "ex_shape_csv": ("表格（CSV 数据包，zip）", "Tables (CSV data package, zip)"),
    "ex_all_areas": ("全部都市圈", "All areas"),
    "ex_nested_note": (
        "以都市圈为根的树：成员（名称、代码、范围类型、覆盖方式）、规划体系（规划期、章节）、行动文件、"
        "协调机构与数据，各附出处；不需要 RDF 工具即可阅读。",
        "A tree rooted at the area: members (name, code, role, coverage), plan system (periods, "
        "chapters), documents, bodies and figures, each with its sources; readable without "
        "RDF tools.",
    ),
    "ex_csv_note": (
        "每类一个 CSV（UTF-8 带 BOM，Excel 可直接打开中文），附 Frictionless 数据包描述"
        "（datapackage.json：列类型、主键、外键与数据集说明）。",
        "One CSV per kind (UTF-8 with BOM, so Excel opens the Chinese) with a Frictionless Data "
        "Package descriptor (datapackage.json: column types, keys, foreign keys, the dataset "
        "record).",
    ),
    "ex_download_zip": ("下载 {name}（{n} 行）", "Download {name} ({n} rows)"),
    "ex_tables": ("表格与行数", "Tables and rows"),
    "ex_table": ("表", "Table"),
    "ex_rows": ("行数", "Rows"),
    "ex_preview_table": ("预览：{table}（前 20 行）", "Preview: {table} (first 20 rows)"),
    "ex_table_areas": ("都市圈", "Areas"),
    "ex_table_members": ("成员单位", "Members"),
    "ex_table_plans": ("规划", "Plans"),
    "ex_table_documents": ("行动文件与协议", "Documents"),
    "ex_table_bodies": ("协调机构", "Bodies"),
    "ex_table_figures": ("数据", "Figures"),
    "ex_table_changes": ("区划变更", "Division changes"),
    "ex_licence": (
        "数据采用 CC BY 4.0 许可；每个导出都附带数据集说明（DCAT）：版本、来源、许可与覆盖范围。",
        "The data is licensed CC BY 4.0; every export carries its dataset record (DCAT): "
        "version, sources, licences and coverage.",
    ),
}


def tr(key: str, lang: Lang, **fields: object) -> str:
    """The text of ``key`` in ``lang``, with ``{fields}`` filled in."""
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**fields) if fields else text


def pick(zh: str | None, en: str | None, lang: Lang) -> str:
    """A data label in ``lang``: English where asked and present, else Chinese, else English."""
    if lang == "en" and en:
        return en
    return zh or en or ""


# Labels of the standard predicates the data uses (local ones are labelled in the ontology).
PREDICATE_LABELS: dict[str, tuple[str, str]] = {
    "http://www.w3.org/2000/01/rdf-schema#label": ("标签", "label"),
    "http://www.w3.org/2000/01/rdf-schema#comment": ("说明", "comment"),
    "http://www.w3.org/2000/01/rdf-schema#seeAlso": ("另见", "see also"),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("类型", "type"),
    "http://purl.org/dc/terms/title": ("标题", "title"),
    "http://purl.org/dc/terms/spatial": ("涉及地域", "spatial coverage"),
    "http://purl.org/dc/terms/source": ("参考文献", "source"),
    "http://purl.org/dc/terms/isPartOf": ("所属", "is part of"),
    "http://purl.org/dc/terms/references": ("引用", "references"),
    "http://purl.org/dc/terms/isReplacedBy": ("被替代为", "is replaced by"),
    "http://purl.org/dc/terms/creator": ("作者", "creator"),
    "http://purl.org/dc/terms/date": ("日期", "date"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("出处", "derived from"),
    "http://schema.org/containedInPlace": ("所属上级", "contained in"),
    "http://schema.org/url": ("网址", "URL"),
    "http://www.w3.org/2003/01/geo/wgs84_pos#lat": ("纬度", "latitude"),
    "http://www.w3.org/2003/01/geo/wgs84_pos#long": ("经度", "longitude"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("首选标签", "preferred label"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("别名", "alternative label"),
    "http://www.w3.org/2004/02/skos/core#definition": ("定义", "definition"),
    "http://www.w3.org/2004/02/skos/core#notation": ("编码", "notation"),
    "http://www.w3.org/2004/02/skos/core#inScheme": ("所属体系", "in scheme"),
    "http://www.w3.org/2004/02/skos/core#topConceptOf": ("顶层概念", "top concept of"),
    "http://www.w3.org/2004/02/skos/core#hasTopConcept": ("含顶层概念", "has top concept"),
    "http://www.w3.org/2004/02/skos/core#broader": ("上位概念", "broader"),
    "http://www.w3.org/2004/02/skos/core#closeMatch": ("近似对应", "close match"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("上级机构", "sub-organisation of"),
    "http://www.w3.org/ns/org#unitOf": ("所属机构", "unit of"),
    "http://purl.org/linked-data/sdmx/2009/dimension#refArea": ("参照区域", "reference area"),
    "http://purl.org/linked-data/sdmx/2009/measure#obsValue": ("数值", "observed value"),
    "http://data.europa.eu/eli/ontology#is_part_of": ("所属文件", "is part of"),
    # classes
    "http://www.w3.org/2004/02/skos/core#Concept": ("概念", "concept"),
    "http://www.w3.org/2004/02/skos/core#ConceptScheme": ("概念体系", "concept scheme"),
    "http://www.w3.org/ns/org#Organization": ("组织", "organisation"),
    "http://www.w3.org/ns/org#OrganizationalUnit": ("组织单元", "organisational unit"),
    "http://www.w3.org/ns/org#FormalOrganization": ("正式组织", "formal organisation"),
    "http://www.w3.org/2002/07/owl#Class": ("类", "class"),
}
