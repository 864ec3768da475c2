//+ name: governance-modes
//+ title: {zh: 都市圈治理模式与规划模式, en: Governance and planning modes}
//+ description:
//+   zh: "表1-1 的两种治理模式（区域联盟治理、区域协同治理）与表1-2 的两种规划模式（有限协商型规划、契约协同型规划），每个单元格一行：分类、模式、比较项目（表中的行）、单元格内容及出处（卢庆强等，2024）。"
//+   en: >-
//+     The two governance modes of 表1-1 (区域联盟治理, 区域协同治理) and the two planning modes of
//+     表1-2 (有限协商型规划, 契约协同型规划), one row per cell: the scheme, the mode, the facet
//+     (the table's row, 项目) and the cell's words, with the table it comes from (卢庆强等，2024).
//+ source: 表1-1; 表1-2
//+ columns:
//+   scheme: {type: string, zh: 分类, en: "Scheme"}
//+   mode: {type: string, zh: 模式, en: "Mode"}
//+   mode_en: {type: string, zh: 模式（英文）, en: "Mode (English)"}
//+   facet: {type: string, zh: 比较项目, en: "Facet"}
//+   facet_en: {type: string, zh: 比较项目（英文）, en: "Facet (English)"}
//+   value: {type: string, zh: 内容, en: "Value"}
//+   source: {type: string, zh: 出处, en: "Source"}
//+ ordered: false
MATCH (m)<-[:VALUE_OF]-(v:FacetValue)-[:FACET]->(f)
OPTIONAL MATCH (m)-[:IN_SCHEME]->(s)
OPTIONAL MATCH (v)-[:WAS_DERIVED_FROM]->(src)
RETURN s.label AS scheme, m.prefLabel AS mode, m.prefLabelEn AS mode_en, f.prefLabel AS facet,
       f.prefLabelEn AS facet_en, v.valueText AS value, src.label AS source
ORDER BY source, mode, facet
