// hostile: DETACH DELETE
// expect: refused
MATCH (n) DETACH DELETE n
