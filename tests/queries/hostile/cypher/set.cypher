// hostile: SET
// expect: refused
MATCH (n) SET n.pwned = true
