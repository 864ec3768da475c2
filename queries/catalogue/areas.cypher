//+ name: areas
//+ title: {zh: 都市圈一览, en: All metropolitan areas}
//+ description: >-
//+   Every national metropolitan area with its central city, the provinces its core scope
//+   touches, the release of its development plan (year-month), land area (km², core or only
//+   scope) and resident population (万人) with the year it refers to.
//+ source: 表1-3
//+ columns: {area: string, area_en: string, central_city: string, provinces: list, release: string, land_area_km2: float, population: float, population_year: integer}
//+ ordered: true
// Shaped for scale: concept-valued properties are compared on the node (m.role, o.measure: the
// projection keeps them there), each area's memberships are read in one pass,
// and the province of a unit is the one whose GB/T 2260 code shares its first two digits,
// looked up through the uri index.
MATCH (a:MetropolitanArea)
OPTIONAL MATCH (a)-[:HAS_MEMBERSHIP]->(m)-[:MEMBER]->(u)
WITH a, collect(DISTINCT CASE WHEN m.role = 'https://w3id.org/metrokg/def/role/core'
                              THEN substring(u.divisionCode, 0, 2) END) AS codes
UNWIND CASE WHEN size(codes) = 0 THEN [null] ELSE codes END AS code
OPTIONAL MATCH (p:Resource {uri: 'https://w3id.org/metrokg/id/unit/' + code + '0000'})
WITH a, collect(DISTINCT p.label) AS provinces
OPTIONAL MATCH (a)<-[:REF_AREA]-(land)
  WHERE land.measure = 'https://w3id.org/metrokg/def/measure/land-area'
    AND land.scopeRole = 'https://w3id.org/metrokg/def/role/core'
OPTIONAL MATCH (a)<-[:REF_AREA]-(pop)
  WHERE pop.measure = 'https://w3id.org/metrokg/def/measure/population'
    AND pop.scopeRole = 'https://w3id.org/metrokg/def/role/core'
OPTIONAL MATCH (a)-[:CENTRAL_CITY]->(c)
RETURN a.label AS area, a.labelEn AS area_en, c.label AS central_city, provinces,
       a.releaseDate AS release,
       CASE WHEN land.unitText = '万平方公里' THEN land.obsValue * 10000 ELSE land.obsValue END AS land_area_km2,
       pop.obsValue AS population, pop.refYear AS population_year
ORDER BY coalesce(release, '9999'), area
