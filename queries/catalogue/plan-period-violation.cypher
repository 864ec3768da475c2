//+ name: plan-period-violation
//+ title: {zh: 规划期限倒置, en: Plan periods that end before they start}
//+ description: >-
//+   Data-quality check: a plan or document whose period ends before it starts (a period such
//+   as 2021—2035 must have its start year no later than its end year). Must return no rows.
//+ source: 表1-5; 表1-6
//+ columns: {work: string, title: string, period_start: integer, period_end: integer}
//+ ordered: false
//+ kind: violation
MATCH (w:Resource)
WHERE w.periodEnd < w.periodStart
RETURN w.uri AS work, w.title AS title, w.periodStart AS period_start, w.periodEnd AS period_end
