// hostile: cartesian rows beyond the row cap
// expect: contained
MATCH (a:MetropolitanArea), (b) RETURN a.uri AS a, b.uri AS b
