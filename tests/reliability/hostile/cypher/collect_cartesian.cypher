// hostile: collect over a cartesian product
// expect: contained
MATCH (a), (b) RETURN size(collect(a.uri)) AS n
