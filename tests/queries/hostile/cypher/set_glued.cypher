// hostile: SET glued to a parenthesis
// expect: refused
MATCH (n)SET n.x=1
