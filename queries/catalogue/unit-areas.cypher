//+ name: unit-areas
//+ title: {zh: 行政单元所属都市圈, en: Areas a city or county belongs to}
//+ description:
//+   zh: "某城市、区县或特殊功能区所属的都市圈（表1-3）及其范围角色（核心、拓展、任务相关）与覆盖程度：直接列入范围，或经由其所在的城市或省份（经由）。经由上级单元的成员关系在排除该单元（除…以外）、仅覆盖市辖区而该单元不是区、或该单元在同一都市圈同一角色中已直接列入时不计。同名单元（如四个鼓楼区）各自列出其代码、城市和省份；不属于任何都市圈的单元列一行，都市圈为空。"
//+   en: >-
//+     The metropolitan areas a city, county or special zone belongs to (表1-3), in which role
//+     (core, extended, task-related) and coverage: directly, when the scope names the unit itself,
//+     or through the city or province that contains it (via). A membership through a containing
//+     unit is left out where it excludes the unit (除…以外), where it covers only the city's
//+     districts (市辖区) and the unit is not a district (its name does not end in 区), and where
//+     the unit is named itself in the same area and role. A name can be ambiguous (there are four
//+     鼓楼区): each unit of that name gets its rows, with its code, city and province, and a unit
//+     in no area gets one row without an area.
//+ source: 表1-3
//+ parameters:
//+   - {name: unit, label: {zh: 行政单元, en: "Unit"}, type: string, default: 南京市, example: 鼓楼区, description: "the unit's Chinese name, e.g. 南京市, 句容市, 西咸新区"}
//+ columns:
//+   unit: {type: string, zh: 行政单元, en: "Unit"}
//+   code: {type: string, zh: 区划代码, en: "Division code"}
//+   city: {type: string, zh: 地级市, en: "City"}
//+   province: {type: string, zh: 省份, en: "Province"}
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_en: {type: string, zh: 英文名称, en: "English name"}
//+   role: {type: string, zh: 范围角色, en: "Scope role"}
//+   coverage: {type: string, zh: 覆盖程度, en: "Coverage"}
//+   via: {type: string, zh: 经由, en: "Via"}
//+ ordered: false
MATCH (u:Feature {label: $unit})
WHERE (u:AdministrativeUnit OR u:SpecialZone)
  // units of the source's year (2024): not those the division history ended before it
  AND (u.endDate IS NULL OR u.endDate > 2024)
OPTIONAL MATCH (u)-[:CONTAINED_IN_PLACE*0..1]->(c:AdministrativeUnit)-[:LEVEL]->(:Resource {uri: 'https://w3id.org/metrokg/def/level/prefecture'})
OPTIONAL MATCH (u)-[:CONTAINED_IN_PLACE*0..2]->(p:AdministrativeUnit)-[:LEVEL]->(:Resource {uri: 'https://w3id.org/metrokg/def/level/province'})
OPTIONAL MATCH (u)<-[:MEMBER]-(d:ScopeMembership)-[:AREA]->(da), (d)-[:ROLE]->(dr)
WITH u, c, p, collect(da.uri + ' ' + dr.uri) AS direct
OPTIONAL MATCH (u)-[:CONTAINED_IN_PLACE*0..2]->(v)<-[:MEMBER]-(m:ScopeMembership)-[:AREA]->(a:MetropolitanArea),
               (m)-[:ROLE]->(role), (m)-[:COVERAGE]->(coverage)
  WHERE v = u OR (
        NOT (a.uri + ' ' + role.uri) IN direct
    AND NOT (m)-[:EXCLUDES]->()<-[:CONTAINED_IN_PLACE*0..2]-(u)
    AND (coverage.uri <> 'https://w3id.org/metrokg/def/coverage/districts-only' OR u.label ENDS WITH '区'))
RETURN DISTINCT u.label AS unit, u.divisionCode AS code, c.label AS city, p.label AS province,
       a.label AS area, a.labelEn AS area_en, role.prefLabel AS role, coverage.prefLabel AS coverage,
       v.label AS via
ORDER BY code, area, role
