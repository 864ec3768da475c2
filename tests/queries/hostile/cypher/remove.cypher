// hostile: REMOVE
// expect: refused
MATCH (n) REMOVE n.uri
