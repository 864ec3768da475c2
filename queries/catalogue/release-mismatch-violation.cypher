//+ name: release-mismatch-violation
//+ title: {zh: 发布时间不一致, en: Release dates that disagree}
//+ description:
//+   zh: "数据质量检查：都市圈的发布时间（表1-3 的规划发布时间，如 2021.3）即其发展规划的发布时间，两者应一致——都给出且相同，或都未给出（暂未公开）。列出两者不一致的都市圈。应无结果。"
//+   en: >-
//+     Data-quality check: an area's release (规划发布时间 of 表1-3, e.g. 2021.3) is the release of
//+     its development plan, so the two must agree — both given and equal, or both absent (暂未公开).
//+     Lists an area whose date differs from its development plan's. Must return no rows.
//+ source: 表1-3
//+ columns:
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_label: {type: string, zh: 都市圈名称, en: "Area name"}
//+   area_release: {type: string, zh: 都市圈发布时间, en: "Area release"}
//+   plan: {type: string, zh: 发展规划, en: "Development plan"}
//+   plan_release: {type: string, zh: 规划发布时间, en: "Plan release"}
//+ ordered: false
//+ kind: violation
MATCH (p:DevelopmentPlan)-[:PLAN_FOR]->(a:MetropolitanArea)
WHERE coalesce(toString(a.releaseDate), '') <> coalesce(toString(p.releaseDate), '')
RETURN a.uri AS area, a.label AS area_label, a.releaseDate AS area_release, p.uri AS plan,
       p.releaseDate AS plan_release
