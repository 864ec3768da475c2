// hostile: DELETE
// expect: refused
MATCH (n) DELETE n
