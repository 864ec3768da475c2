//+ name: agencies
//+ title: {zh: 都市圈协调机构, en: Coordinating agencies}
//+ description:
//+   zh: "实体性的区域协同机构（第一节 二）——领导小组及其办公室、事务中心——及其机构类型、上级机构、所属行政区，以及其协调的都市圈（含其下属机构协调的都市圈）。按名称排序，每页 50 行。"
//+   en: >-
//+     The coordinating agencies (实体性的区域协同机构 of 第一节 二) — leading groups, their
//+     offices and affairs centres — with their kind (the agency class's Chinese name), the body
//+     they belong to, the territory they are a body of, and the areas they coordinate: their own
//+     and those of their direct units (a leading group serves the area its office coordinates).
//+     Ordered by name, 50 rows a page.
//+ source: 第一节 二
//+ columns:
//+   name: {type: string, zh: 名称, en: "Name"}
//+   name_en: {type: string, zh: 英文名称, en: "English name"}
//+   kind: {type: string, zh: 机构类型, en: "Kind of body"}
//+   parent: {type: string, zh: 上级机构, en: "Parent body"}
//+   territory: {type: list, zh: 所属行政区, en: "Territory"}
//+   areas: {type: list, zh: 协调的都市圈, en: "Areas coordinated"}
//+ ordered: true
//+ page: 50
// Paged: the agencies are ordered by name (then IRI) and counted; only the page's slice
// ($page_offset, $page_limit; a null limit: all) is looked up further.
MATCH (o:Agency)
WITH o ORDER BY o.label, o.uri
WITH collect(o) AS keys
WITH size(keys) AS total,
     CASE WHEN $page_limit IS NULL THEN keys
          ELSE keys[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS o
OPTIONAL MATCH (o)-[:SUB_ORGANIZATION_OF|UNIT_OF]->(up)
OPTIONAL MATCH (o)-[:SPATIAL]->(place)
WITH total, o, up, collect(DISTINCT place.label) AS territory
// the areas it coordinates itself, and those its direct units coordinate (two plain hops
// instead of a variable-length pattern: faster at scale)
OPTIONAL MATCH (o)-[:COORDINATES]->(own:MetropolitanArea)
WITH total, o, up, territory, collect(DISTINCT own.label) AS own_areas
OPTIONAL MATCH (o)<-[:SUB_ORGANIZATION_OF|UNIT_OF]-(:Resource)-[:COORDINATES]->(a:MetropolitanArea)
WITH total, o, up, territory, own_areas, collect(DISTINCT a.label) AS unit_areas
RETURN total, o.label AS name, o.labelEn AS name_en,
       CASE WHEN o:LeadingGroupOffice THEN '领导小组办公室'
            WHEN o:LeadingGroup THEN '领导小组'
            WHEN o:AffairsCentre THEN '事务中心'
            ELSE '协调机构' END AS kind,
       up.label AS parent, territory, own_areas + unit_areas AS areas, o.uri AS iri
ORDER BY name, iri
