//+ name: development-plan-count-violation
//+ title: {zh: 都市圈发展规划数量异常, en: Areas without exactly one development plan}
//+ description: >-
//+   Data-quality check: every national metropolitan area has exactly one development plan
//+   (表1-5 lists one 发展规划 for each of the 15 areas, 国家发展改革委函复同意). Lists an area
//+   with none or with several. Must return no rows.
//+ source: 表1-5
//+ columns: {area: string, area_label: string, plans: integer}
//+ ordered: false
//+ kind: violation
MATCH (a:MetropolitanArea)
OPTIONAL MATCH (p:DevelopmentPlan)-[:PLAN_FOR]->(a)
WITH a, count(DISTINCT p) AS plans
WHERE plans <> 1
RETURN a.uri AS area, a.label AS area_label, plans
