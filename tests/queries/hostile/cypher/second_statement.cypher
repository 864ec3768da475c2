// hostile: a second statement after ';'
// expect: refused
MATCH (n) RETURN n; MATCH (n) DETACH DELETE n
