//+ name: plan-system
//+ title: {zh: 都市圈“1+1+N”规划体系, en: "An area's \"1+1+N\" plan system"}
//+ description:
//+   zh: "某都市圈按“1+1+N”体系（第二节 二 1.）排序的规划：发展规划、国土空间规划（或代替它的省级协调指引）、重点区域、次区域与专项规划、毗邻地区规划。列出规划类型、期限、进展阶段（在编、已批复、已印发）、文本是否公开，以及其依据的规划（依据/为基础/统领）。"
//+   en: >-
//+     The plans made for an area, in the order of its "1+1+N" system (第二节 二 1.): the
//+     development plan, the territorial spatial plan (or the provincial coordination guideline
//+     in its place), key-area, sub-regional and special plans, and adjacent-area plans. Each
//+     with its kind (the plan class's Chinese name), period, process step (在编, 已批复, 已印发),
//+     whether its text is public, and the plans it is based on (依据 / 为基础 / 统领).
//+ source: 表1-5, 第二节 二 1., 图1-3
//+ parameters:
//+   - {name: area, label: {zh: 都市圈, en: "Area"}, type: string, default: 成都都市圈, example: 南京都市圈, description: the area's Chinese name, choices: areas}
//+ columns:
//+   title: {type: string, zh: 标题, en: "Title"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   period_start: {type: integer, zh: 规划期起始年, en: "Period start"}
//+   period_end: {type: integer, zh: 规划期末年, en: "Period end"}
//+   status: {type: string, zh: 进展阶段, en: "Process step"}
//+   publication: {type: string, zh: 文本公开情况, en: "Publication"}
//+   based_on: {type: list, zh: 依据规划, en: "Based on"}
//+ ordered: true
MATCH (a:MetropolitanArea {label: $area})<-[:PLAN_FOR]-(p:Plan)
OPTIONAL MATCH (p)-[:PROCESS_STEP]->(step)
OPTIONAL MATCH (p)-[:PUBLICATION_STATUS]->(publication)
OPTIONAL MATCH (p)-[:BASED_ON]->(basis)
WITH p, step, publication, collect(DISTINCT basis.title) AS based_on
WITH p, step, publication, based_on,
     CASE WHEN p:DevelopmentPlan THEN ['发展规划', 1]
          WHEN p:TerritorialSpatialPlan THEN ['国土空间规划', 2]
          WHEN p:CoordinationGuideline THEN ['协调指引', 3]
          WHEN p:KeyAreaPlan THEN ['重点区域规划', 4]
          WHEN p:SubRegionalPlan THEN ['次区域规划', 5]
          WHEN p:SpecialPlan THEN ['专项规划', 6]
          WHEN p:AdjacentAreaPlan THEN ['毗邻地区协同规划', 7]
          ELSE [null, 9] END AS k
RETURN p.title AS title, k[0] AS kind, p.periodStart AS period_start, p.periodEnd AS period_end,
       step.prefLabel AS status, publication.prefLabel AS publication, based_on
ORDER BY k[1], title
