//+ name: demo
//+ title: {zh: 示例, en: Demo}
//+ description:
//+   zh: 示例问题。
//+   en: A demo question.
//+ parameters:
//+   - {name: area, label: {zh: 都市圈, en: Area}, type: string, default: 南京都市圈}
//+ columns:
//+   unit: {type: string, zh: 行政单元, en: Unit}
//+   code: {type: string, zh: 区划代码, en: Division code}
MATCH (x) RETURN x.unit AS unit, x.code AS code
