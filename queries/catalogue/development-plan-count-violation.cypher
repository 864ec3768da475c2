//+ name: development-plan-count-violation
//+ title: {zh: 都市圈发展规划数量异常, en: Areas without exactly one development plan}
//+ description:
//+   zh: "数据质量检查：每个国家级都市圈恰有一部发展规划（表1-5 为 15 个都市圈各列一部经国家发展改革委函复同意的发展规划）。列出没有或有多部发展规划的都市圈。应无结果。"
//+   en: >-
//+     Data-quality check: every national metropolitan area has exactly one development plan
//+     (表1-5 lists one 发展规划 for each of the 15 areas, 国家发展改革委函复同意). Lists an area
//+     with none or with several. Must return no rows.
//+ source: 表1-5
//+ columns:
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_label: {type: string, zh: 都市圈名称, en: "Area name"}
//+   plans: {type: integer, zh: 发展规划数, en: "Development plans"}
//+ ordered: false
//+ kind: violation
MATCH (a:MetropolitanArea)
OPTIONAL MATCH (p:DevelopmentPlan)-[:PLAN_FOR]->(a)
WITH a, count(DISTINCT p) AS plans
WHERE plans <> 1
RETURN a.uri AS area, a.label AS area_label, plans
