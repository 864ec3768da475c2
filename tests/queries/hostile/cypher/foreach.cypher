// hostile: FOREACH with SET
// expect: refused
MATCH (n) FOREACH (x IN [1] | SET n.y = x)
