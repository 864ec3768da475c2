//+ name: plan-period-violation
//+ title: {zh: 规划期限倒置, en: Plan periods that end before they start}
//+ description:
//+   zh: "数据质量检查：规划或文件的期限不应倒置（如 2021—2035 年，起始年不晚于末年）。应无结果。"
//+   en: >-
//+     Data-quality check: a plan or document whose period ends before it starts (a period such
//+     as 2021—2035 must have its start year no later than its end year). Must return no rows.
//+ source: 表1-5; 表1-6
//+ columns:
//+   work: {type: string, zh: 标识, en: "Id"}
//+   title: {type: string, zh: 标题, en: "Title"}
//+   period_start: {type: integer, zh: 规划期起始年, en: "Period start"}
//+   period_end: {type: integer, zh: 规划期末年, en: "Period end"}
//+ ordered: false
//+ kind: violation
MATCH (w:Resource)
WHERE w.periodEnd < w.periodStart
RETURN w.uri AS work, w.title AS title, w.periodStart AS period_start, w.periodEnd AS period_end
