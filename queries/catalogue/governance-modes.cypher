//+ name: governance-modes
//+ title: {zh: 都市圈治理模式与规划模式, en: Governance and planning modes}
//+ description: >-
//+   The two governance modes of 表1-1 (区域联盟治理, 区域协同治理) and the two planning modes of
//+   表1-2 (有限协商型规划, 契约协同型规划), one row per cell: the scheme, the mode, the facet
//+   (the table's row, 项目) and the cell's words, with the table it comes from (卢庆强等，2024).
//+ source: 表1-1; 表1-2
//+ columns: {scheme: string, mode: string, mode_en: string, facet: string, facet_en: string, value: string, source: string}
//+ ordered: false
MATCH (m)<-[:VALUE_OF]-(v:FacetValue)-[:FACET]->(f)
OPTIONAL MATCH (m)-[:IN_SCHEME]->(s)
OPTIONAL MATCH (v)-[:WAS_DERIVED_FROM]->(src)
RETURN s.label AS scheme, m.prefLabel AS mode, m.prefLabelEn AS mode_en, f.prefLabel AS facet,
       f.prefLabelEn AS facet_en, v.valueText AS value, src.label AS source
ORDER BY source, mode, facet
