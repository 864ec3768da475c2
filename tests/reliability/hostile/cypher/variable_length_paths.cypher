// hostile: every path of any length (time limit)
// expect: contained
MATCH p = (a)-[*]-(b) RETURN count(p) AS n
