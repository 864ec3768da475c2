// hostile: USE another graph
// expect: refused
USE system MATCH (n) RETURN n
