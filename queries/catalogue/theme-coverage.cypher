//+ name: theme-coverage
//+ title: {zh: 发展规划章节主题, en: Themes of the development plans' chapters}
//+ description:
//+   zh: "按表1-4 的一级章节标题，哪些都市圈的发展规划有哪个主题的章节：都市圈、主题（整理者标注的主题词）及带有该主题的章节（如“第十章 共同推动文化传承发展”）。输入主题名称的一部分（文化、海洋经济、开放、交通等，别名亦可）查看一个主题，留空则列出全部。仅 11 部已公开的规划有章节（武汉、杭州、沈阳、郑州：暂未公开）。按都市圈、主题排序，每页 50 行。"
//+   en: >-
//+     Which areas' development plans have a chapter on which theme, after the first-level chapter
//+     titles of 表1-4: the area, the theme (the curators' tag, a concept of the theme scheme) and
//+     the chapters that carry it, written as the table prints them ("第十章 共同推动文化传承发展").
//+     Give part of a theme's Chinese name (文化, 海洋经济, 开放, 交通 …; its alternative names
//+     count too) to see one theme; leave it empty for all. Only the 11 published plans have
//+     chapters (武汉、杭州、沈阳、郑州: 暂未公开). Ordered by area, then theme, 50 rows a page. The
//+     theme column is called theme_label because the parameter already takes the name theme.
//+ source: 表1-4
//+ parameters:
//+   - {name: theme, label: {zh: 主题关键词, en: "Theme (part of its name)"}, type: string, default: "", example: 文化, description: "part of a theme's Chinese name (empty: every theme)"}
//+ columns:
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   area_en: {type: string, zh: 英文名称, en: "English name"}
//+   theme_label: {type: string, zh: 主题, en: "Theme"}
//+   theme_en: {type: string, zh: 主题（英文）, en: "Theme (English)"}
//+   chapters: {type: list, zh: 章节, en: "Chapters"}
//+ ordered: true
//+ page: 50
// Paged: a row is an area with a theme; the rows are ordered by area name, theme name (then
// their IRIs) and counted, and only the page's slice ($page_offset, $page_limit; a null limit:
// all) has its chapters written out.
MATCH (t:Concept)-[:IN_SCHEME]->(:Resource {uri: 'https://w3id.org/metrokg/def/theme'})
WHERE t.prefLabel CONTAINS $theme OR any(alt IN coalesce(t.altLabel, []) WHERE alt CONTAINS $theme)
MATCH (t)<-[:THEME]-(c:PlanChapter)-[:IS_PART_OF]->(:DevelopmentPlan)-[:PLAN_FOR]->(a:MetropolitanArea)
WITH a, t, collect(DISTINCT c) AS cs
ORDER BY a.label, a.uri, t.prefLabel, t.uri
WITH collect({a: a, t: t, cs: cs}) AS keys
WITH size(keys) AS total,
     CASE WHEN $page_limit IS NULL THEN keys
          ELSE keys[$page_offset..$page_offset + $page_limit] END AS page
UNWIND page AS key
WITH total, key.a AS a, key.t AS t, key.cs AS cs
UNWIND cs AS c
// 第N章 with N in Chinese numerals, as 表1-4 prints it (10 → 十, 12 → 十二, 21 → 二十一)
WITH total, a, t, c, c.chapterNumber AS n, ['一', '二', '三', '四', '五', '六', '七', '八', '九'] AS d
WITH total, a, t, '第' + CASE WHEN n < 10 THEN d[n - 1]
                       ELSE (CASE WHEN n >= 20 THEN d[n / 10 - 1] ELSE '' END) + '十' +
                            (CASE WHEN n % 10 > 0 THEN d[n % 10 - 1] ELSE '' END) END
              + '章 ' + c.title AS chapter
RETURN total, a.label AS area, a.labelEn AS area_en, t.prefLabel AS theme_label, t.prefLabelEn AS theme_en,
       collect(DISTINCT chapter) AS chapters, a.uri AS area_iri, t.uri AS theme_iri
ORDER BY area, area_iri, theme_label, theme_iri
