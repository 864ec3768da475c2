//+ name: indicator-systems
//+ title: {zh: 监测评价指标体系, en: Monitoring index systems}
//+ description:
//+   zh: "第二节 三 所述的指数与评价体系——成都都市圈高质量发展指数、西安的两个体系（西安都市圈、西咸一体化）及正文的一般框架——及正文列出的组成部分：每个组成部分一行，附其类型（分指数、维度、指标）、所属上级组成部分及所评价的都市圈（一般框架无）。正文未列出组成部分的体系仅一行。"
//+   en: >-
//+     The index and evaluation systems of 第二节 三 — the Chengdu high-quality development index,
//+     the two Xi'an systems (西安都市圈, 西咸一体化) and the text's general framework — with their
//+     parts as far as the text names them: one row per component, its kind (分指数, 维度, 指标)
//+     and the component it belongs to, and the area the system evaluates (none for the general
//+     framework). A system whose parts the text does not give (the framework figures are not
//+     reproduced) has one row without a component.
//+ source: 专栏：成都都市圈高质量发展指数; 专栏：西安都市圈和西咸一体化发展评价指标体系; 第二节 三
//+ columns:
//+   system: {type: string, zh: 指标体系, en: "Index system"}
//+   system_en: {type: string, zh: 指标体系（英文）, en: "Index system (English)"}
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   component: {type: string, zh: 组成部分, en: "Component"}
//+   component_en: {type: string, zh: 组成部分（英文）, en: "Component (English)"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   parent: {type: string, zh: 上级组成部分, en: "Parent component"}
//+ ordered: false
MATCH (s:IndicatorSystem)
OPTIONAL MATCH (s)-[:EVALUATES]->(a)
OPTIONAL MATCH (s)<-[:IN_SCHEME]-(c:IndicatorComponent)
OPTIONAL MATCH (c)-[:COMPONENT_KIND]->(k)
OPTIONAL MATCH (c)-[:BROADER]->(up)
RETURN s.label AS system, s.labelEn AS system_en, a.label AS area, c.prefLabel AS component,
       c.prefLabelEn AS component_en, k.prefLabel AS kind, up.prefLabel AS parent
ORDER BY system, parent, component
