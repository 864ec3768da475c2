//+ name: areas
//+ title: {zh: 都市圈一览, en: All metropolitan areas}
//+ description: >-
//+   Every national metropolitan area with its central city, the provinces its core scope
//+   touches, the release of its development plan (year-month), land area (km², core or only
//+   scope) and resident population (万人) with the year it refers to.
//+ source: 表1-3
//+ columns: {area: string, area_en: string, central_city: string, provinces: list, release: string, land_area_km2: float, population: float, population_year: integer}
//+ ordered: true
MATCH (a:MetropolitanArea)
OPTIONAL MATCH (a)-[:CENTRAL_CITY]->(c)
OPTIONAL MATCH (land:Observation)-[:REF_AREA]->(a)
  WHERE (land)-[:MEASURE]->(:Resource {uri: 'https://w3id.org/metrokg/def/measure/land-area'})
    AND (land)-[:SCOPE_ROLE]->(:Resource {uri: 'https://w3id.org/metrokg/def/role/core'})
OPTIONAL MATCH (pop:Observation)-[:REF_AREA]->(a)
  WHERE (pop)-[:MEASURE]->(:Resource {uri: 'https://w3id.org/metrokg/def/measure/population'})
    AND (pop)-[:SCOPE_ROLE]->(:Resource {uri: 'https://w3id.org/metrokg/def/role/core'})
OPTIONAL MATCH (a)-[:HAS_MEMBERSHIP]->(m)-[:ROLE]->(:Resource {uri: 'https://w3id.org/metrokg/def/role/core'})
OPTIONAL MATCH (m)-[:MEMBER]->(:AdministrativeUnit)-[:CONTAINED_IN_PLACE*0..2]->(p:AdministrativeUnit)-[:LEVEL]->(:Resource {uri: 'https://w3id.org/metrokg/def/level/province'})
WITH a, c, land, pop, collect(DISTINCT p.label) AS provinces
RETURN a.label AS area, a.labelEn AS area_en, c.label AS central_city, provinces,
       a.releaseDate AS release,
       CASE WHEN land.unitText = '万平方公里' THEN land.obsValue * 10000 ELSE land.obsValue END AS land_area_km2,
       pop.obsValue AS population, pop.refYear AS population_year
ORDER BY coalesce(release, '9999'), area
