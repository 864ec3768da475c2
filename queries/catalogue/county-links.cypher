//+ name: county-links
//+ title: {zh: 区县级跨界协同规划与文件, en: Plans and documents linking county-level units}
//+ description:
//+   zh: "连接两个及以上区县级单元或特殊功能区的规划与行动文件（依据标题或正文所列行政区）：南京“1+1+N”体系中的毗邻地区规划和表1-5 的区县协同方案。列出文件类型、关联单元、所在地级市和省份（直辖市的区无地级市），以及所属都市圈。按标题排序，每页 50 行。"
//+   en: >-
//+     Plans and action documents that link two or more county-level units or special zones
//+     (through dct:spatial — the jurisdictions the source's title or text names): the
//+     adjacent-area plans of the Nanjing "1+1+N" system and the county-pair schemes of 表1-5.
//+     Each with its kind, the linked units, the prefecture-level cities and the provinces they
//+     lie in (a district of a province-level municipality has no prefecture-level city), and
//+     the areas it is made for. Ordered by title, 50 rows a page.
//+ source: 表1-5, 第二节 二 1.
//+ columns:
//+   title: {type: string, zh: 标题, en: "Title"}
//+   kind: {type: string, zh: 类型, en: "Kind"}
//+   units: {type: list, zh: 关联单元, en: "Linked units"}
//+   cities: {type: list, zh: 涉及地级市, en: "Cities"}
//+   provinces: {type: list, zh: 涉及省份, en: "Provinces"}
//+   areas: {type: list, zh: 所属都市圈, en: "Areas"}
//+ ordered: true
//+ page: 50
// Shaped for scale: a unit's level is compared on the node (u.level: the projection keeps it
// there), and the city and the province a unit lies in are the prefecture- and province-level
// units whose GB/T 2260 codes share its first four and two digits (the code is the hierarchy; a
// zone counts through the units it lies in), looked up through the uri index.
// Paged: the documents are ordered by title (then IRI) and counted; only the page's slice
// ($page_offset, $page_limit; a null limit: all) is looked up further.
MATCH (d:Work)-[:SPATIAL]->(u)
WHERE (d:Plan OR d:ActionDocument)
  AND (u:SpecialZone OR u.level = 'https://w3id.org/metrokg/def/level/county')
WITH d, count(DISTINCT u) AS linking
WHERE linking > 1
WITH d ORDER BY d.title, d.uri
WITH collect(d) AS documents
WITH size(documents) AS total,
     CASE WHEN $page_limit IS NULL THEN documents
          ELSE documents[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS d
MATCH (d)-[:SPATIAL]->(u)
WHERE u:SpecialZone OR u.level = 'https://w3id.org/metrokg/def/level/county'
OPTIONAL MATCH (u)-[:LIES_IN*0..1]->(x)
WITH total, d, collect(DISTINCT u.label) AS units, collect(DISTINCT x.divisionCode) AS codes
UNWIND CASE WHEN size(codes) = 0 THEN [null] ELSE codes END AS code
OPTIONAL MATCH (c:Resource {uri: 'https://w3id.org/metrokg/id/unit/' + substring(code, 0, 4) + '00'})
OPTIONAL MATCH (p:Resource {uri: 'https://w3id.org/metrokg/id/unit/' + substring(code, 0, 2) + '0000'})
WITH total, d, units,
     collect(DISTINCT CASE WHEN c.level = 'https://w3id.org/metrokg/def/level/prefecture' THEN c.label END) AS cities,
     collect(DISTINCT p.label) AS provinces
OPTIONAL MATCH (d)-[:PLAN_FOR]->(a:MetropolitanArea)
WITH total, d, units, cities, provinces, collect(DISTINCT a.label) AS areas
RETURN total, d.title AS title,
       CASE WHEN d:DevelopmentPlan THEN '发展规划'
            WHEN d:TerritorialSpatialPlan THEN '国土空间规划'
            WHEN d:CoordinationGuideline THEN '协调指引'
            WHEN d:KeyAreaPlan THEN '重点区域规划'
            WHEN d:SubRegionalPlan THEN '次区域规划'
            WHEN d:SpecialPlan THEN '专项规划'
            WHEN d:AdjacentAreaPlan THEN '毗邻地区协同规划'
            WHEN d:ActionPlan THEN '行动计划'
            WHEN d:ImplementationScheme THEN '实施方案'
            WHEN d:AnnualWorkPoints THEN '年度工作要点'
            WHEN d:Memorandum THEN '合作备忘录'
            WHEN d:CooperationAgreement THEN '合作协议'
       END AS kind,
       units, cities, provinces, areas, d.uri AS iri
ORDER BY title, iri
