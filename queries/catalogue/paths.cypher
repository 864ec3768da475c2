//+ name: paths
//+ title: {zh: 两个节点之间的路径, en: Paths between two nodes}
//+ description:
//+   zh: >-
//+     两个节点（按中文名称给出，如 江宁区 与 博望区）之间长度不超过 4 的全部简单路径，不论边的方向：每条路径的长度，
//+     以及由节点名称和关系（属性图的关系类型，箭头表示边的方向）连成的路径文字。途经节点不含词表概念与本体类、
//+     来源章节和参考文献（它们连着几乎所有节点）；范围成员节点写作“范围成员（角色）”。
//+   en: >-
//+     Every simple path of length at most 4 between two nodes given by their Chinese names (e.g.
//+     江宁区 and 博望区), edges in either direction: its length and the path written as node names
//+     and relations (the property graph's relationship types, the arrow giving the edge's
//+     direction). Paths do not pass through vocabulary concepts and ontology classes, source
//+     sections or references (they link almost every node); a scope-membership node is written
//+     "范围成员（role）".
//+ source: 表1-3, 表1-5, 第二节 二 1.
//+ parameters:
//+   - {name: start, label: {zh: 起点, en: "From"}, type: string, default: 江宁区, example: 江宁区, description: {zh: 起点的中文名称, en: "the first node's Chinese name"}}
//+   - {name: end, label: {zh: 终点, en: "To"}, type: string, default: 博望区, example: 博望区, description: {zh: 终点的中文名称, en: "the second node's Chinese name"}}
//+ columns:
//+   start: {type: string, zh: 起点, en: From}
//+   end: {type: string, zh: 终点, en: To}
//+   length: {type: integer, zh: 长度, en: Length}
//+   path: {type: string, zh: 路径, en: Path}
//+ ordered: false
// Each length is its own branch, matched from both ends towards the middle; the hubs left out
// (vocabulary, source sections, references) are never passed through.
MATCH (a:Resource), (b:Resource)
WHERE a.label = $start AND b.label = $end AND a <> b
CALL {
  WITH a, b
  MATCH (a)-[r1]-(b)
  RETURN [a, b] AS ns, [r1] AS rs
  UNION
  WITH a, b
  MATCH (a)-[r1]-(x1)-[r2]-(b)
  WHERE NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/def' AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
        AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/id/reference/'
  RETURN [a, x1, b] AS ns, [r1, r2] AS rs
  UNION
  WITH a, b
  MATCH (a)-[r1]-(x1), (b)-[r3]-(x2)
  WHERE x1 <> b AND x2 <> a AND x1 <> x2
    AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/def' AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
        AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/id/reference/'
    AND NOT x2.uri STARTS WITH 'https://w3id.org/metrokg/def' AND NOT x2.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
        AND NOT x2.uri STARTS WITH 'https://w3id.org/metrokg/id/reference/'
  MATCH (x1)-[r2]-(x2)
  RETURN [a, x1, x2, b] AS ns, [r1, r2, r3] AS rs
  UNION
  WITH a, b
  MATCH (a)-[r1]-(x1), (b)-[r4]-(x3)
  WHERE x1 <> b AND x3 <> a AND x1 <> x3
    AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/def' AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
        AND NOT x1.uri STARTS WITH 'https://w3id.org/metrokg/id/reference/'
    AND NOT x3.uri STARTS WITH 'https://w3id.org/metrokg/def' AND NOT x3.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
        AND NOT x3.uri STARTS WITH 'https://w3id.org/metrokg/id/reference/'
  MATCH (x1)-[r2]-(x2)-[r3]-(x3)
  WHERE x2 <> a AND x2 <> b AND NOT x2.uri STARTS WITH 'https://w3id.org/metrokg/def' AND NOT x2.uri STARTS WITH 'https://w3id.org/metrokg/id/source/'
        AND NOT x2.uri STARTS WITH 'https://w3id.org/metrokg/id/reference/'
  RETURN [a, x1, x2, x3, b] AS ns, [r1, r2, r3, r4] AS rs
}
WITH ns, rs,
     [n IN ns | coalesce(n.label, n.prefLabel, n.title,
        CASE n.role
          WHEN 'https://w3id.org/metrokg/def/role/core' THEN '范围成员（核心范围）'
          WHEN 'https://w3id.org/metrokg/def/role/extended' THEN '范围成员（拓展范围）'
          WHEN 'https://w3id.org/metrokg/def/role/task-related' THEN '范围成员（任务举措涉及）'
        END, n.uri)] AS names
RETURN DISTINCT $start AS start, $end AS end, size(rs) AS length,
       // the path as text, edge by edge (at most 4; no reduce(): the console guard refuses it)
       $start
         + CASE WHEN size(rs) > 0 THEN
             CASE WHEN startNode(rs[0]) = ns[0] THEN ' —' + type(rs[0]) + '→ '
                  ELSE ' ←' + type(rs[0]) + '— ' END
             + CASE WHEN size(rs) = 1 THEN $end ELSE names[1] END
           ELSE '' END
         + CASE WHEN size(rs) > 1 THEN
             CASE WHEN startNode(rs[1]) = ns[1] THEN ' —' + type(rs[1]) + '→ '
                  ELSE ' ←' + type(rs[1]) + '— ' END
             + CASE WHEN size(rs) = 2 THEN $end ELSE names[2] END
           ELSE '' END
         + CASE WHEN size(rs) > 2 THEN
             CASE WHEN startNode(rs[2]) = ns[2] THEN ' —' + type(rs[2]) + '→ '
                  ELSE ' ←' + type(rs[2]) + '— ' END
             + CASE WHEN size(rs) = 3 THEN $end ELSE names[3] END
           ELSE '' END
         + CASE WHEN size(rs) > 3 THEN
             CASE WHEN startNode(rs[3]) = ns[3] THEN ' —' + type(rs[3]) + '→ '
                  ELSE ' ←' + type(rs[3]) + '— ' END
             + CASE WHEN size(rs) = 4 THEN $end ELSE names[4] END
           ELSE '' END
       AS path
