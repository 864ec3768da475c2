//+ name: agencies
//+ title: {zh: 都市圈协调机构, en: Coordinating agencies}
//+ description: >-
//+   The coordinating agencies (实体性的区域协同机构 of 第一节 二) — leading groups, their
//+   offices and affairs centres — with their kind (the agency class's Chinese name), the body
//+   they belong to, the territory they are a body of, and the areas they coordinate: their own
//+   and those of their direct units (a leading group serves the area its office coordinates).
//+ source: 第一节 二
//+ columns: {name: string, name_en: string, kind: string, parent: string, territory: list, areas: list}
MATCH (o:Agency)
OPTIONAL MATCH (o)-[:SUB_ORGANIZATION_OF|UNIT_OF]->(up)
OPTIONAL MATCH (o)-[:SPATIAL]->(place)
WITH o, up, collect(DISTINCT place.label) AS territory
// the areas it coordinates itself, and those its direct units coordinate (two plain hops
// instead of a variable-length pattern: faster at scale)
OPTIONAL MATCH (o)-[:COORDINATES]->(own:MetropolitanArea)
WITH o, up, territory, collect(DISTINCT own.label) AS own_areas
OPTIONAL MATCH (o)<-[:SUB_ORGANIZATION_OF|UNIT_OF]-(:Resource)-[:COORDINATES]->(a:MetropolitanArea)
WITH o, up, territory, own_areas, collect(DISTINCT a.label) AS unit_areas
RETURN o.label AS name, o.labelEn AS name_en,
       CASE WHEN o:LeadingGroupOffice THEN '领导小组办公室'
            WHEN o:LeadingGroup THEN '领导小组'
            WHEN o:AffairsCentre THEN '事务中心'
            ELSE '协调机构' END AS kind,
       up.label AS parent, territory, own_areas + unit_areas AS areas
