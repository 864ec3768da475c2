//+ name: indicator-systems
//+ title: {zh: 监测评价指标体系, en: Monitoring index systems}
//+ description:
//+   zh: "第二节 三 所述的指数与评价体系——成都都市圈高质量发展指数、西安的两个体系（西安都市圈、西咸一体化）及正文的一般框架——及正文列出的组成部分：每个组成部分一行，附其类型（分指数、维度、指标）、所属上级组成部分及所评价的都市圈（一般框架无）。正文未列出组成部分的体系仅一行。按指标体系、组成部分排序，每页 50 行。"
//+   en: >-
//+     The index and evaluation systems of 第二节 三 — the Chengdu high-quality development index,
//+     the two Xi'an systems (西安都市圈, 西咸一体化) and the text's general framework — with their
//+     parts as far as the text names them: one row per component, its kind (分指数, 维度, 指标)
//+     and the component it belongs to, and the area the system evaluates (none for the general
//+     framework). A system whose parts the text does not give (the framework figures are not
//+     reproduced) has one row without a component. Ordered by system, then component, 50 rows a
//+     page.
//+ source: 专栏：成都都市圈高质量发展指数; 专栏：西安都市圈和西咸一体化发展评价指标体系; 第二节 三
//+ columns:
//+   system: {type: string, zh: 指标体系, en: "Index system"}
//+   system_en: {type: string, zh: 指标体系（英文）, en: "Index system (English)"}
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   component: {type: string, zh: 组成部分, en: "Component"}
//+   component_en: {type: string, zh: 组成部分（英文）, en: "Component (English)"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   parent: {type: string, zh: 上级组成部分, en: "Parent component"}
//+ ordered: true
//+ page: 50
// Paged: a row is a system with one of its components (or the system alone); the rows are
// ordered by system and component (names, then IRIs) and counted, and only the page's slice
// ($page_offset, $page_limit; a null limit: all) is looked up further.
MATCH (s:IndicatorSystem)
OPTIONAL MATCH (s)<-[:IN_SCHEME]-(c:IndicatorComponent)
WITH s, c
ORDER BY s.label, s.uri, coalesce(c.prefLabel, ''), coalesce(c.uri, '')
WITH collect({s: s, c: c}) AS keys
WITH size(keys) AS total,
     CASE WHEN $page_limit IS NULL THEN keys
          ELSE keys[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS key
WITH total, key.s AS s, key.c AS c
OPTIONAL MATCH (s)-[:EVALUATES]->(a)
OPTIONAL MATCH (c)-[:COMPONENT_KIND]->(k)
OPTIONAL MATCH (c)-[:BROADER]->(up)
RETURN total, s.label AS system, s.labelEn AS system_en, a.label AS area, c.prefLabel AS component,
       c.prefLabelEn AS component_en, k.prefLabel AS kind, up.prefLabel AS parent,
       s.uri AS system_iri, coalesce(c.prefLabel, '') AS component_key, coalesce(c.uri, '') AS component_iri
ORDER BY system, system_iri, component_key, component_iri
