//+ name: unit-history
//+ title: {zh: 单位沿革, en: History of a unit}
//+ description:
//+   zh: >-
//+     一个区划代码下各单位的沿革：每次变更的年份、批复日期、类型、文号与标题，变更前后的单位（据区划沿革数据，1981 年以来）。
//+   en: >-
//+     The history of the units that held a GB/T 2260 code: each change's year, date of approval,
//+     kind, document number and title, and the units before and after it (division history,
//+     since 1981).
//+ source: division history
//+ parameters:
//+   - {name: unit, label: {zh: 区划代码, en: "Division code"}, type: string, default: '500105', example: '110103', description: a 6-digit GB/T 2260 code}
//+ columns:
//+   name: {type: string, zh: 单位, en: Unit}
//+   start: {type: integer, zh: 启用年份, en: From}
//+   end: {type: integer, zh: 停用年份, en: Until}
//+   year: {type: integer, zh: 变更年份, en: Year of change}
//+   date: {type: string, zh: 批复日期, en: Date of approval}
//+   change: {type: string, zh: 变更, en: Change}
//+   document: {type: string, zh: 文号, en: Document number}
//+   title: {type: string, zh: 批复, en: Approval}
//+   old: {type: string, zh: 变更前单位, en: Unit before}
//+   old_code: {type: string, zh: 变更前代码, en: Code before}
//+   new: {type: string, zh: 变更后单位, en: Unit after}
//+   new_code: {type: string, zh: 变更后代码, en: Code after}
//+ ordered: false
MATCH (u:AdministrativeUnit {divisionCode: $unit})
WHERE u.startDate IS NOT NULL
MATCH (c:UnitChange)-[:USED|GENERATED]->(u)
MATCH (c)-[:IS_PART_OF]->(e:DivisionChange), (c)-[:CHANGE_KIND]->(kind)
OPTIONAL MATCH (c)-[:USED]->(o)
OPTIONAL MATCH (c)-[:GENERATED]->(n)
RETURN DISTINCT u.label AS name, u.startDate AS start, u.endDate AS end, e.changeYear AS year,
       toString(e.date) AS date, kind.prefLabel AS change, e.identifier AS document,
       e.title AS title, o.label AS old, o.divisionCode AS old_code, n.label AS new,
       n.divisionCode AS new_code
