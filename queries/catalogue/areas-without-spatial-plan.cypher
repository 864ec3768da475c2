//+ name: areas-without-spatial-plan
//+ title: {zh: 尚无国土空间规划的都市圈, en: Areas without a territorial spatial plan}
//+ description: >-
//+   Areas that have no territorial spatial plan (国土空间规划) of their own, with what 表1-5
//+   says instead: 暂无 (none public, as of 2024-07), 在编 with the title of the plan in
//+   preparation (沈阳), or 仅有省级协调指引 where the only entry in that row is the provincial
//+   《广东省都市圈国土空间规划协调指引》 (广州, 深圳) — a guideline for all of Guangdong's areas,
//+   not the area's own plan, so they count as without. An area with a territorial spatial plan
//+   that is not in preparation, or stated to have one, is left out; an area the source says
//+   nothing about is listed with an empty status. One row per statement.
//+ source: 表1-5
//+ columns: {area: string, area_en: string, status: string, plan: string, source_words: list}
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
