// hostile: ORDER BY over a cartesian product (memory or time limit)
// expect: contained
MATCH (a), (b) RETURN a.uri + b.uri AS x ORDER BY x DESC LIMIT 1
