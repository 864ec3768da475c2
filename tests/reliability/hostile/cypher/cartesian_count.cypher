// hostile: 3-way cartesian product of all nodes (time limit)
// expect: contained
MATCH (a), (b), (c) RETURN count(*) AS n
