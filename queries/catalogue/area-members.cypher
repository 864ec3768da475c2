//+ name: area-members
//+ title: {zh: 都市圈成员单位, en: Member units of an area}
//+ description:
//+   zh: "表1-3 所列都市圈规划范围内的单元：名称、区划代码（GB/T 2260，特殊功能区无）、级别、所属地级市和省份、范围角色（核心、拓展、任务相关）与覆盖程度（全域、市辖区、中心城区、部分地区），附原文表述。"
//+   en: >-
//+     The units in an area's scope as 表1-3 lists them: name, GB/T 2260 code (none for a special
//+     zone), level, the prefecture-level city and the province it belongs to, the scope role
//+     (core, extended, task-related) and the coverage (whole, districts only, central urban
//+     area, part), with the source's words.
//+ source: 表1-3
//+ parameters:
//+   - {name: area, label: {zh: 都市圈, en: "Area"}, type: string, default: 南京都市圈, example: 南京都市圈, description: the area's Chinese name, choices: areas}
//+   - {name: as_of, label: {zh: 截至年份, en: "As of"}, type: string, default: '2024', example: today, description: "the year whose units to show (default the source's, 2024); today shows the units now holding each member's area"}
//+ columns:
//+   unit: {type: string, zh: 行政单元, en: "Unit"}
//+   code: {type: string, zh: 区划代码, en: "Division code"}
//+   level: {type: string, zh: 级别, en: "Level"}
//+   city: {type: string, zh: 地级市, en: "City"}
//+   province: {type: string, zh: 省份, en: "Province"}
//+   role: {type: string, zh: 范围角色, en: "Scope role"}
//+   coverage: {type: string, zh: 覆盖程度, en: "Coverage"}
//+   source_words: {type: string, zh: 原文表述, en: "Source's words"}
//+   named: {type: string, zh: 原文所列单元, en: "Unit as the source names it"}
//+ ordered: false
MATCH (a:MetropolitanArea {label: $area})-[:HAS_MEMBERSHIP]->(m)-[:MEMBER]->(named)
MATCH (named)-[:IS_REPLACED_BY*0..]->(u)
WITH m, named, u, CASE WHEN $as_of = 'today' THEN 9999 ELSE toInteger($as_of) END AS year
WHERE (u.startDate IS NULL OR u.startDate <= year) AND (u.endDate IS NULL OR u.endDate > year)
MATCH (m)-[:ROLE]->(role), (m)-[:COVERAGE]->(coverage)
OPTIONAL MATCH (u)-[:LEVEL]->(level)
OPTIONAL MATCH (u)-[:CONTAINED_IN_PLACE*0..1]->(c:AdministrativeUnit)-[:LEVEL]->(:Resource {uri: 'https://w3id.org/metrokg/def/level/prefecture'})
OPTIONAL MATCH (u)-[:CONTAINED_IN_PLACE*0..2]->(p:AdministrativeUnit)-[:LEVEL]->(:Resource {uri: 'https://w3id.org/metrokg/def/level/province'})
RETURN u.label AS unit, u.divisionCode AS code, level.prefLabel AS level, c.label AS city,
       p.label AS province, role.prefLabel AS role, coverage.prefLabel AS coverage,
       m.sourceWords AS source_words, named.label AS named
