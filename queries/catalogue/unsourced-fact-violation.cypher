//+ name: unsourced-fact-violation
//+ title: {zh: 缺少出处的事实, en: Facts without a source}
//+ description:
//+   zh: "数据质量检查：每个都市圈、规划、行动文件、范围成员记录、数据（观测值）、规划章节、特殊功能区、指标体系及其组成部分都注明其在报告中的出处（prov:wasDerivedFrom 某资料章节，如表1-3）。列出未注明者。应无结果。"
//+   en: >-
//+     Data-quality check: every area, plan, action document, scope membership, figure
//+     (observation), plan chapter, special zone, indicator system and indicator component says
//+     where in the report it comes from (prov:wasDerivedFrom a source section, e.g. 表1-3).
//+     Lists those that do not.
//+     Must return no rows.
//+ source: 第一章 (every table, section and box)
//+ columns:
//+   node: {type: string, zh: 节点标识, en: "Node (id)"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   label: {type: string, zh: 名称, en: "Label"}
//+ ordered: false
//+ kind: violation
// Every store write records which records of each kind lack a source, computed from what it
// wrote (loaders/checks.py): the :ProvenanceCheck nodes. Reading them takes a few rows;
// comparing every record with its sources takes 0.1-0.3 s at ~1M triples. A graph written
// without the checks (by an older version) is compared in full, one label scan per kind (a
// scan of every node testing eight labels is slower at scale), as before.
MATCH (check:ProvenanceCheck)-[:UNSOURCED_INSTANCE]->(x)
RETURN x.uri AS node, check.checkedKind AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:MetropolitanArea)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'MetropolitanArea' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:Plan)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'Plan' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:ActionDocument)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'ActionDocument' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:ScopeMembership)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'ScopeMembership' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:Observation)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'Observation' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:PlanChapter)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'PlanChapter' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:SpecialZone)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'SpecialZone' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:IndicatorSystem)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'IndicatorSystem' AS kind, x.label AS label
UNION
OPTIONAL MATCH (check:ProvenanceCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (x:IndicatorComponent)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'IndicatorComponent' AS kind, x.label AS label
