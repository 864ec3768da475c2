//+ name: plans-by-end-year
//+ title: {zh: 按规划期末年查规划, en: Plans by the last year of their period}
//+ description:
//+   zh: "规划期末年为给定年份的各类规划（如 2035 年——多数发展规划的规划期末年——或 2025 年），列出规划类型、所属都市圈及规划期起止年份。资料未给出期限的规划不列出。按标题排序，每页 50 行。"
//+   en: >-
//+     Plans (of any kind) whose period ends in the given year — e.g. 2035, the horizon of most
//+     development plans, or 2025 — with their kind (the plan class's Chinese name), the areas they
//+     are made for and the first year of their period. Plans the source prints without a period
//+     are not listed. Ordered by title, 50 rows a page.
//+ source: 表1-5
//+ parameters:
//+   - {name: year, label: {zh: 规划期末年, en: "Last year of the period"}, type: integer, default: 2035, example: 2025, description: the last year of the plan period}
//+ columns:
//+   title: {type: string, zh: 标题, en: "Title"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   areas: {type: list, zh: 所属都市圈, en: "Areas"}
//+   period_start: {type: integer, zh: 规划期起始年, en: "Period start"}
//+   period_end: {type: integer, zh: 规划期末年, en: "Period end"}
//+ ordered: true
//+ page: 50
// Paged: the plans are ordered by title (then IRI) and counted; only the page's slice
// ($page_offset, $page_limit; a null limit: all) is looked up further.
MATCH (p:Plan)
WHERE p.periodEnd = $year
WITH p ORDER BY p.title, p.uri
WITH collect(p) AS plans
WITH size(plans) AS total,
     CASE WHEN $page_limit IS NULL THEN plans
          ELSE plans[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS p
OPTIONAL MATCH (p)-[:PLAN_FOR]->(a:MetropolitanArea)
WITH total, p, collect(DISTINCT a.label) AS areas
RETURN total, p.title AS title,
       CASE WHEN p:DevelopmentPlan THEN '发展规划'
            WHEN p:TerritorialSpatialPlan THEN '国土空间规划'
            WHEN p:CoordinationGuideline THEN '协调指引'
            WHEN p:KeyAreaPlan THEN '重点区域规划'
            WHEN p:SubRegionalPlan THEN '次区域规划'
            WHEN p:SpecialPlan THEN '专项规划'
            WHEN p:AdjacentAreaPlan THEN '毗邻地区协同规划'
       END AS kind,
       areas, p.periodStart AS period_start, p.periodEnd AS period_end, p.uri AS iri
ORDER BY title, iri
