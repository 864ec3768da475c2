//+ name: changed-members
//+ title: {zh: 已变更的成员单位, en: Members changed since the source}
//+ description:
//+   zh: >-
//+     表1-3 所列、此后已撤销或变更的成员单位：变更类型、生效年份、批复日期与文号，以及现在接替它的单位（据区划沿革数据）。
//+   en: >-
//+     Members named by 表1-3 whose unit has ended since: the change, the year it took effect, the
//+     approval's date and document number, and the unit that holds its area today (from the
//+     division history).
//+ source: 表1-3; division history
//+ parameters: []
//+ columns:
//+   area: {type: string, zh: 都市圈, en: Area}
//+   unit: {type: string, zh: 成员单位（报告所列）, en: Member (as the source names it)}
//+   code: {type: string, zh: 代码, en: Code}
//+   change: {type: string, zh: 变更, en: Change}
//+   year: {type: integer, zh: 生效年份, en: Year}
//+   date: {type: string, zh: 批复日期, en: Date of approval}
//+   document: {type: string, zh: 文号, en: Document number}
//+   successor: {type: string, zh: 现接替单位, en: Successor today}
//+   successor_code: {type: string, zh: 接替单位代码, en: Successor code}
//+ ordered: false
MATCH (a:MetropolitanArea)-[:HAS_MEMBERSHIP]->(:ScopeMembership)-[:MEMBER]->(u:AdministrativeUnit)
WHERE u.endDate IS NOT NULL
MATCH (c:UnitChange)-[:USED]->(u), (c)-[:IS_PART_OF]->(e:DivisionChange), (c)-[:CHANGE_KIND]->(kind)
WHERE kind.uri <> 'https://w3id.org/metrokg/def/change-kind/established' AND e.changeYear = u.endDate
MATCH (u)-[:IS_REPLACED_BY*1..]->(s:AdministrativeUnit)
WHERE s.endDate IS NULL
RETURN DISTINCT a.label AS area, u.label AS unit, u.divisionCode AS code, kind.prefLabel AS change,
       e.changeYear AS year, toString(e.date) AS date, e.identifier AS document,
       s.label AS successor, s.divisionCode AS successor_code
