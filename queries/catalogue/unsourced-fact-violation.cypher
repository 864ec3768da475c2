//+ name: unsourced-fact-violation
//+ title: {zh: 缺少出处的事实, en: Facts without a source}
//+ description: >-
//+   Data-quality check: every area, plan, action document, scope membership, figure
//+   (observation), plan chapter, special zone and indicator system says where in the report
//+   it comes from (prov:wasDerivedFrom a source section, e.g. 表1-3). Lists those that do not.
//+   Must return no rows.
//+ source: 第一章 (every table, section and box)
//+ columns: {node: string, kind: string, label: string}
//+ ordered: false
//+ kind: violation
MATCH (x:Resource)
WHERE (x:MetropolitanArea OR x:Plan OR x:ActionDocument OR x:ScopeMembership OR x:Observation
       OR x:PlanChapter OR x:SpecialZone OR x:IndicatorSystem)
OPTIONAL MATCH (x)-[source:WAS_DERIVED_FROM]->()
WITH x, source
WHERE source IS NULL
UNWIND [k IN ['MetropolitanArea', 'Plan', 'ActionDocument', 'ScopeMembership', 'Observation',
              'PlanChapter', 'SpecialZone', 'IndicatorSystem'] WHERE k IN labels(x)] AS kind
RETURN DISTINCT x.uri AS node, kind, x.label AS label
