//+ name: release-mismatch-violation
//+ title: {zh: 发布时间不一致, en: Release dates that disagree}
//+ description: >-
//+   Data-quality check: an area's release (规划发布时间 of 表1-3, e.g. 2021.3) is the release of
//+   its development plan, so the two must agree — both given and equal, or both absent (暂未公开).
//+   Lists an area whose date differs from its development plan's. Must return no rows.
//+ source: 表1-3
//+ columns: {area: string, area_label: string, area_release: string, plan: string, plan_release: string}
//+ ordered: false
//+ kind: violation
MATCH (p:DevelopmentPlan)-[:PLAN_FOR]->(a:MetropolitanArea)
WHERE coalesce(toString(a.releaseDate), '') <> coalesce(toString(p.releaseDate), '')
RETURN a.uri AS area, a.label AS area_label, a.releaseDate AS area_release, p.uri AS plan,
       p.releaseDate AS plan_release
