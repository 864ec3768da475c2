//+ name: unit-areas
//+ title: {zh: 行政单元所属都市圈, en: Areas a city or county belongs to}
//+ description: >-
//+   The metropolitan areas a city, county or special zone belongs to (表1-3), in which role
//+   (core, extended, task-related) and coverage: directly, when the scope names the unit itself,
//+   or through the city or province that contains it (via). A membership through a containing
//+   unit is left out where it excludes the unit (除…以外), where it covers only the city's
//+   districts (市辖区) and the unit is not a district (its name does not end in 区), and where
//+   the unit is named itself in the same area and role. A name can be ambiguous (there are four
//+   鼓楼区): each unit of that name gets its rows, with its code, city and province, and a unit
//+   in no area gets one row without an area.
//+ source: 表1-3
//+ parameters:
//+   - {name: unit, type: string, default: 南京市, example: 鼓楼区, description: "the unit's Chinese name, e.g. 南京市, 句容市, 西咸新区"}
//+ columns: {unit: string, code: string, city: string, province: string, area: string, area_en: string, role: string, coverage: string, via: string}
//+ ordered: false
MATCH (u:Feature {label: $unit})
WHERE u:AdministrativeUnit OR u:SpecialZone
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
