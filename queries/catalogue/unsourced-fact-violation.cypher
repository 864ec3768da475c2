//+ name: unsourced-fact-violation
//+ title: {zh: 缺少出处的事实, en: Facts without a source}
//+ description: >-
//+   Data-quality check: every area, plan, action document, scope membership, figure
//+   (observation), plan chapter, special zone, indicator system and indicator component says
//+   where in the report it comes from (prov:wasDerivedFrom a source section, e.g. 表1-3).
//+   Lists those that do not.
//+   Must return no rows.
//+ source: 第一章 (every table, section and box)
//+ columns: {node: string, kind: string, label: string}
//+ ordered: false
//+ kind: violation
// One label scan per kind (a scan of every node testing eight labels is slower at scale).
MATCH (x:MetropolitanArea)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'MetropolitanArea' AS kind, x.label AS label
UNION
MATCH (x:Plan)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'Plan' AS kind, x.label AS label
UNION
MATCH (x:ActionDocument)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'ActionDocument' AS kind, x.label AS label
UNION
MATCH (x:ScopeMembership)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'ScopeMembership' AS kind, x.label AS label
UNION
MATCH (x:Observation)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'Observation' AS kind, x.label AS label
UNION
MATCH (x:PlanChapter)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'PlanChapter' AS kind, x.label AS label
UNION
MATCH (x:SpecialZone)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'SpecialZone' AS kind, x.label AS label
UNION
MATCH (x:IndicatorSystem)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'IndicatorSystem' AS kind, x.label AS label
UNION
MATCH (x:IndicatorComponent)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source WHERE source IS NULL
RETURN x.uri AS node, 'IndicatorComponent' AS kind, x.label AS label
