//+ name: indicator-systems
//+ title: {zh: 监测评价指标体系, en: Monitoring index systems}
//+ description: >-
//+   The index and evaluation systems of 第二节 三 — the Chengdu high-quality development index,
//+   the two Xi'an systems (西安都市圈, 西咸一体化) and the text's general framework — with their
//+   parts as far as the text names them: one row per component, its kind (分指数, 维度, 指标)
//+   and the component it belongs to, and the area the system evaluates (none for the general
//+   framework). A system whose parts the text does not give (the framework figures are not
//+   reproduced) has one row without a component.
//+ source: 专栏：成都都市圈高质量发展指数; 专栏：西安都市圈和西咸一体化发展评价指标体系; 第二节 三
//+ columns: {system: string, system_en: string, area: string, component: string, component_en: string, kind: string, parent: string}
//+ ordered: false
MATCH (s:IndicatorSystem)
OPTIONAL MATCH (s)-[:EVALUATES]->(a)
OPTIONAL MATCH (s)<-[:IN_SCHEME]-(c:IndicatorComponent)
OPTIONAL MATCH (c)-[:COMPONENT_KIND]->(k)
OPTIONAL MATCH (c)-[:BROADER]->(up)
RETURN s.label AS system, s.labelEn AS system_en, a.label AS area, c.prefLabel AS component,
       c.prefLabelEn AS component_en, k.prefLabel AS kind, up.prefLabel AS parent
ORDER BY system, parent, component
