//+ name: areas
//+ title: {zh: 都市圈一览, en: All metropolitan areas}
//+ description:
//+   zh: "全部国家级都市圈及其中心城市、核心范围涉及的省份、发展规划发布时间（年月）、面积（平方公里，核心范围或唯一范围）与常住人口（万人）及其年份。按发布时间（未公开者在后）、名称排序，每页 50 行。"
//+   en: >-
//+     Every national metropolitan area with its central city, the provinces its core scope
//+     touches, the release of its development plan (year-month), land area (km², core or only
//+     scope) and resident population (万人) with the year it refers to. Ordered by release (the
//+     unpublished last), then name, 50 rows a page.
//+ source: 表1-3
//+ columns:
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_en: {type: string, zh: 英文名称, en: "English name"}
//+   central_city: {type: string, zh: 中心城市, en: "Central city"}
//+   provinces: {type: list, zh: 涉及省份, en: "Provinces"}
//+   release: {type: string, zh: 规划发布时间, en: "Plan released"}
//+   land_area_km2: {type: float, zh: 面积（平方公里）, en: "Land area (km²)"}
//+   population: {type: float, zh: 常住人口（万人）, en: "Population (10k)"}
//+   population_year: {type: integer, zh: 人口年份, en: "Population year"}
//+ ordered: true
//+ page: 50
// Paged: the areas are ordered by release (the unpublished last), name and IRI and counted; only
// the page's slice ($page_offset, $page_limit; a null limit: all) is looked up further.
// Shaped for scale: concept-valued properties are compared on the node (m.role, o.measure: the
// projection keeps them there), each area's memberships are read in one pass,
// and the province of a unit is the one whose GB/T 2260 code shares its first two digits,
// looked up through the uri index.
MATCH (a:MetropolitanArea)
WITH a ORDER BY coalesce(a.releaseDate, '9999'), a.label, a.uri
WITH collect(a) AS keys
WITH size(keys) AS total,
     CASE WHEN $page_limit IS NULL THEN keys
          ELSE keys[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS a
OPTIONAL MATCH (a)-[:HAS_MEMBERSHIP]->(m)-[:MEMBER]->(u)
WITH total, a, collect(DISTINCT CASE WHEN m.role = 'https://w3id.org/metrokg/def/role/core'
                                     THEN substring(u.divisionCode, 0, 2) END) AS codes
UNWIND CASE WHEN size(codes) = 0 THEN [null] ELSE codes END AS code
OPTIONAL MATCH (p:Resource {uri: 'https://w3id.org/metrokg/id/unit/' + code + '0000'})
WITH total, a, collect(DISTINCT p.label) AS provinces
OPTIONAL MATCH (a)<-[:REF_AREA]-(land)
  WHERE land.measure = 'https://w3id.org/metrokg/def/measure/land-area'
    AND land.scopeRole = 'https://w3id.org/metrokg/def/role/core'
OPTIONAL MATCH (a)<-[:REF_AREA]-(pop)
  WHERE pop.measure = 'https://w3id.org/metrokg/def/measure/population'
    AND pop.scopeRole = 'https://w3id.org/metrokg/def/role/core'
OPTIONAL MATCH (a)-[:CENTRAL_CITY]->(c)
RETURN total, a.label AS area, a.labelEn AS area_en, c.label AS central_city, provinces,
       a.releaseDate AS release,
       CASE WHEN land.unitText = '万平方公里' THEN land.obsValue * 10000 ELSE land.obsValue END AS land_area_km2,
       pop.obsValue AS population, pop.refYear AS population_year, a.uri AS iri
ORDER BY coalesce(release, '9999'), area, iri
