//+ name: neighbourhood
//+ title: {zh: 节点邻域, en: Neighbourhood of a node}
//+ description:
//+   zh: "某节点周围的边（供关系图浏览）：每条边按存储方向（起点 → 终点）列出关系类型（属性图的关系类型，如 PLAN_FOR、HAS_MEMBERSHIP）及两端的中文名称，入边出边均列。节点以标识（IRI）或中文名称给出（同名节点全部列出）。深度 2 另列一跳邻居的边，词表概念、类、资料章节和数据集描述等公共节点除外。此处不限数量，由浏览器截取。"
//+   en: >-
//+     The edges around a node, for the graph browser: each edge as stored (source → target), its
//+     relation (the property graph's relationship type, e.g. PLAN_FOR, HAS_MEMBERSHIP) and the
//+     Chinese labels of both ends, edges into and out of the node alike. The node is given by its
//+     IRI or by an exact Chinese label (rdfs:label or skos:prefLabel; a label several nodes share
//+     gives all of them). Depth 2 adds the edges of the nodes one hop away, except of the shared
//+     hubs — vocabulary concepts and classes (…/def…) and source sections (…/id/source/…) and the dataset record (…/id/dataset/…) — whose
//+     edges to the node itself still appear. Nothing is capped here; the browser caps.
//+ parameters:
//+   - {name: node, label: {zh: 节点（标识或中文名）, en: "Node (IRI or Chinese name)"}, type: string, default: "https://w3id.org/metrokg/id/area/nanjing", example: 南京都市圈, description: an IRI or an exact Chinese label}
//+   - {name: depth, label: {zh: 深度, en: "Depth"}, type: integer, default: 1, example: 2, description: 1 (the node's edges) or 2 (also the edges of its neighbours)}
//+ columns:
//+   source: {type: string, zh: 起点标识, en: "From (id)"}
//+   source_label: {type: string, zh: 起点, en: "From"}
//+   relation: {type: string, zh: 关系, en: "Relation"}
//+   target: {type: string, zh: 终点标识, en: "To (id)"}
//+   target_label: {type: string, zh: 终点, en: "To"}
//+ ordered: false
//+ display: graph
// no :Resource label here: FalkorDB would plan an index lookup on uri, and EXPLAIN (the catalogue
// test) cannot plan one for a parameter it does not know yet
MATCH (n)
WHERE n.uri = $node OR n.label = $node OR n.prefLabel = $node
WITH n, $depth AS depth
CALL {
  WITH n
  MATCH (n)-[r]-()
  RETURN r
  UNION
  WITH n, depth
  MATCH (n)--(x)
  WHERE depth >= 2 AND x <> n
    AND NOT x.uri STARTS WITH 'https://w3id.org/metrokg/def'
    AND NOT x.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
    AND NOT x.uri STARTS WITH 'https://w3id.org/metrokg/id/dataset/'
  MATCH (x)-[r]-()
  RETURN r
}
WITH DISTINCT r
WITH r, startNode(r) AS s, endNode(r) AS t
RETURN s.uri AS source, coalesce(s.label, s.prefLabel, s.title) AS source_label, type(r) AS relation,
       t.uri AS target, coalesce(t.label, t.prefLabel, t.title) AS target_label
