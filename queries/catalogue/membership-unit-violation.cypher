//+ name: membership-unit-violation
//+ title: {zh: 范围成员异常, en: Scope memberships with a bad member or no coverage}
//+ description:
//+   zh: "数据质量检查：表1-3 的每条范围成员记录恰有一个成员——行政单元（GB/T 2260）或特殊功能区（新区、示范区等）——并注明覆盖程度（全域、市辖区、中心城区、部分地区）。列出缺少成员、成员类型不符或缺少覆盖程度的记录。应无结果。"
//+   en: >-
//+     Data-quality check on the scope memberships of 表1-3: each names exactly one member, an
//+     administrative unit (GB/T 2260) or a special zone (新区, 示范区 …), and says how much of it
//+     is covered (全域, 市辖区, 中心城区, 部分地区). Lists a membership without a member, with a
//+     member of another kind, or without a coverage. Must return no rows.
//+ source: 表1-3
//+ columns:
//+   membership: {type: string, zh: 范围成员记录, en: "Membership"}
//+   area: {type: string, zh: 都市圈, en: "Area"}
//+   member: {type: string, zh: 成员, en: "Member"}
//+   problem: {type: string, zh: 问题, en: "Problem"}
//+ ordered: false
//+ kind: violation
// Every store write records which memberships have which problem, computed from what it wrote
// (loaders/checks.py): the :MembershipCheck nodes. Only the memberships they flag are looked at
// here; the member a row names is the member of another kind (that problem), every member (no
// coverage) or none (no member). A graph written without the checks (by an older version) is
// checked in full, as before.
MATCH (check:MembershipCheck)-[:FLAGGED_MEMBERSHIP]->(m)
WITH check.checkedProblem AS problem, m
OPTIONAL MATCH (m)-[:MEMBER]->(u)
WITH problem, m, collect(CASE
       WHEN problem = 'no coverage' THEN u
       WHEN problem = 'member is neither an administrative unit nor a special zone'
            AND NOT (u:AdministrativeUnit OR u:SpecialZone) THEN u
     END) AS members
UNWIND CASE WHEN size(members) = 0 THEN [null] ELSE members END AS u
OPTIONAL MATCH (m)-[:AREA]->(a)
RETURN DISTINCT m.uri AS membership, a.label AS area, u.uri AS member, problem
UNION
OPTIONAL MATCH (check:MembershipCheck)
WITH count(check) AS checks WHERE checks = 0
MATCH (m:ScopeMembership)
OPTIONAL MATCH (m)-[:COVERAGE]->(coverage)
OPTIONAL MATCH (m)-[:MEMBER]->(u)
WITH m, u, coverage
WHERE coverage IS NULL OR u IS NULL OR NOT (u:AdministrativeUnit OR u:SpecialZone)
UNWIND [p IN [CASE WHEN u IS NOT NULL AND NOT (u:AdministrativeUnit OR u:SpecialZone)
                   THEN 'member is neither an administrative unit nor a special zone' END,
              CASE WHEN u IS NULL THEN 'no member' END,
              CASE WHEN coverage IS NULL THEN 'no coverage' END] WHERE p IS NOT NULL] AS problem
OPTIONAL MATCH (m)-[:AREA]->(a)
RETURN DISTINCT m.uri AS membership, a.label AS area, u.uri AS member, problem
