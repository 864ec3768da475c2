//+ name: areas-without-spatial-plan
//+ title: {zh: 尚无国土空间规划的都市圈, en: Areas without a territorial spatial plan}
//+ description:
//+   zh: "尚无本都市圈国土空间规划的都市圈，以及表1-5 的相应记载：暂无（截至 2024 年 7 月未公开）、在编（附在编规划名称，如沈阳），或仅有省级协调指引（广州、深圳：该行只列《广东省都市圈国土空间规划协调指引》，为全省都市圈的指引而非本圈规划，故计为尚无）。已有（非在编）国土空间规划或记载为已有的都市圈不列出；资料未提及者状态为空。每条记载一行。"
//+   en: >-
//+     Areas that have no territorial spatial plan (国土空间规划) of their own, with what 表1-5
//+     says instead: 暂无 (none public, as of 2024-07), 在编 with the title of the plan in
//+     preparation (沈阳), or 仅有省级协调指引 where the only entry in that row is the provincial
//+     《广东省都市圈国土空间规划协调指引》 (广州, 深圳) — a guideline for all of Guangdong's areas,
//+     not the area's own plan, so they count as without. An area with a territorial spatial plan
//+     that is not in preparation, or stated to have one, is left out; an area the source says
//+     nothing about is listed with an empty status. One row per statement.
//+ source: 表1-5
//+ columns:
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_en: {type: string, zh: 英文名称, en: "English name"}
//+   status: {type: string, zh: 状态, en: "Status"}
//+   plan: {type: string, zh: 相关规划, en: "Plan"}
//+   source_words: {type: list, zh: 原文表述, en: "Source's words"}
//+ ordered: false
MATCH (a:MetropolitanArea)
OPTIONAL MATCH (a)<-[:PLAN_FOR]-(t:TerritorialSpatialPlan)
OPTIONAL MATCH (t)-[:PROCESS_STEP]->(step)
WITH a,
     count(CASE WHEN t IS NOT NULL AND coalesce(step.uri, '') <> 'https://w3id.org/metrokg/def/process-step/in-preparation' THEN t END) AS own_plans,
     collect(CASE WHEN step.uri = 'https://w3id.org/metrokg/def/process-step/in-preparation'
                  THEN {status: step.prefLabel, plan: t.title, words: t.sourceWords} END) AS preparing
WHERE own_plans = 0
OPTIONAL MATCH (a)<-[:AVAILABILITY_OF]-(s:PlanAvailability)-[:AVAILABILITY_KIND]->(kind)
OPTIONAL MATCH (s)-[:AVAILABILITY_STATE]->(state)
WITH a, preparing, s, state, kind.uri = 'https://w3id.org/metrokg/def#TerritorialSpatialPlan' AS about_spatial
WITH a, preparing,
     count(CASE WHEN about_spatial AND state.uri = 'https://w3id.org/metrokg/def/availability-state/exists' THEN s END) AS stated_plans,
     collect(CASE WHEN about_spatial AND state IS NOT NULL THEN {status: state.prefLabel, plan: null, words: s.sourceWords} END) AS stated
WHERE stated_plans = 0
OPTIONAL MATCH (a)<-[:PLAN_FOR]-(g:CoordinationGuideline)
WITH a, preparing, stated,
     collect(CASE WHEN g IS NOT NULL THEN {status: '仅有省级协调指引', plan: g.title, words: g.sourceWords} END) AS guided
WITH a, stated + preparing + guided AS evidence
UNWIND CASE WHEN size(evidence) = 0 THEN [{status: null, plan: null, words: []}] ELSE evidence END AS e
RETURN a.label AS area, a.labelEn AS area_en, e.status AS status, e.plan AS plan, e.words AS source_words
