// hostile: an unterminated block comment
// expect: refused
MATCH (n) RETURN n /* DETACH DELETE n
