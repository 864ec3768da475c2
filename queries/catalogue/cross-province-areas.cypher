//+ name: cross-province-areas
//+ title: {zh: 跨省都市圈, en: Areas that cross provincial borders}
//+ description:
//+   zh: "核心范围（表1-3 的规划范围/主要包括）跨越两个及以上省级单元的都市圈，列出涉及的省、直辖市及其数量。成员单元计入其所在省份；特殊功能区计入其所在单元的省份。"
//+   en: >-
//+     Areas whose core scope (规划范围 / 主要包括 of 表1-3) spans more than one provincial-level
//+     unit, with those provinces and municipalities and how many there are. A member unit counts
//+     for the province that contains it; a special zone for the provinces of the units it lies in.
//+ source: 表1-3
//+ columns:
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_en: {type: string, zh: 英文名称, en: "English name"}
//+   provinces: {type: list, zh: 涉及省份, en: "Provinces"}
//+   province_count: {type: integer, zh: 省份数, en: "Provinces (count)"}
//+ ordered: false
// Shaped for scale, as the SPARQL: the core memberships are reached from the core role's node
// (through the uri index: filtering every membership on m.role after the traversal from the
// areas took about as long as the rest together), and the province of a member is the
// province-level unit whose GB/T 2260 code shares the first two digits of the member's code
// (or, for a zone, of the units it lies in): the code is the hierarchy, looked up through the
// uri index instead of walking up the containment of every member.
MATCH (:Resource {uri: 'https://w3id.org/metrokg/def/role/core'})<-[:ROLE]-(m)<-[:HAS_MEMBERSHIP]-(a:MetropolitanArea)
MATCH (m)-[:MEMBER]->(u)-[:LIES_IN*0..1]->(x)
WHERE x.divisionCode IS NOT NULL
WITH a, collect(DISTINCT substring(x.divisionCode, 0, 2)) AS prefixes
WHERE size(prefixes) > 1
UNWIND prefixes AS prefix
MATCH (p:Resource {uri: 'https://w3id.org/metrokg/id/unit/' + prefix + '0000'})
WHERE p.level = 'https://w3id.org/metrokg/def/level/province'
WITH a, collect(DISTINCT p.label) AS provinces, count(DISTINCT p) AS province_count
WHERE province_count > 1
RETURN a.label AS area, a.labelEn AS area_en, provinces, province_count
