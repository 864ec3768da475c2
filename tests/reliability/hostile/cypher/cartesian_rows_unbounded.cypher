// hostile: every pair of nodes (16.9 million rows on the shipped data): capped by the server
// expect: contained
MATCH (a), (b) RETURN a.uri AS a, b.uri AS b
