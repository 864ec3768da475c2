//+ name: action-documents
//+ title: {zh: 都市圈行动计划与合作文件, en: Action plans, schemes and agreements}
//+ description:
//+   zh: "表1-6 所列文件——行动计划、实施方案、年度工作要点、合作协议与备忘录——及其年份、期限、层级（都市圈层面、同城化板块、毗邻区县、省级、市级；为整理者的判读）、文件类型和所属都市圈。都市圈留空即列出全部。按年份、标题排序，每页 50 行。表1-6 所列的两份文件（福州工作方案、广东协调指引）因表1-5 先列出而记为规划，见“规划体系”。"
//+   en: >-
//+     The documents of 表1-6 — action plans, implementation schemes, annual work points,
//+     cooperation agreements and memoranda — with the year 表1-6 gives, their period, their tier
//+     (都市圈层面, 同城化板块, 毗邻区县, 省级, 市级; our reading, see the seed's tier_interpretation),
//+     their kind (the document class's Chinese name) and the areas they belong to. Leave the area
//+     empty for every area. Ordered by year, then title, 50 rows a page. Two titles 表1-6 lists
//+     are recorded as plans because 表1-5 lists them first (福州 工作方案, 广东 协调指引): see
//+     plan-system.
//+ source: 表1-6, 第二节 二 2.
//+ parameters:
//+   - {name: area, label: {zh: 都市圈, en: "Area"}, type: string, default: "", example: 南京都市圈, description: "the area's Chinese name; empty for all areas", choices: areas}
//+ columns:
//+   title: {type: string, zh: 标题, en: "Title"}
//+   year: {type: integer, zh: 年份, en: "Year"}
//+   period_start: {type: integer, zh: 规划期起始年, en: "Period start"}
//+   period_end: {type: integer, zh: 规划期末年, en: "Period end"}
//+   tier: {type: string, zh: 层级, en: "Tier"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   areas: {type: list, zh: 所属都市圈, en: "Areas"}
//+ ordered: true
//+ page: 50
// Paged: the documents of the areas asked for are ordered by year (the undated last), title and
// IRI and counted; only the page's slice ($page_offset, $page_limit; a null limit: all) is
// looked up further.
MATCH (chosen:MetropolitanArea)<-[:PLAN_FOR]-(d:ActionDocument)
WHERE $area IN ['', chosen.label]
WITH DISTINCT d
WITH d ORDER BY coalesce(toString(d.documentYear), '9999'), d.title, d.uri
WITH collect(d) AS keys
WITH size(keys) AS total,
     CASE WHEN $page_limit IS NULL THEN keys
          ELSE keys[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS d
MATCH (d)-[:PLAN_FOR]->(a:MetropolitanArea)
OPTIONAL MATCH (d)-[:TIER]->(tier)
WITH total, d, tier, collect(DISTINCT a.label) AS areas
RETURN total, d.title AS title, d.documentYear AS year, d.periodStart AS period_start, d.periodEnd AS period_end,
       tier.prefLabel AS tier,
       CASE WHEN d:ActionPlan THEN '行动计划'
            WHEN d:ImplementationScheme THEN '实施方案'
            WHEN d:AnnualWorkPoints THEN '年度工作要点'
            WHEN d:Memorandum THEN '合作备忘录'
            WHEN d:CooperationAgreement THEN '合作协议'
       END AS kind,
       areas, d.uri AS iri
ORDER BY coalesce(toString(year), '9999'), title, iri
