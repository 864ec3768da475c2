// hostile: merge after a comment, lowercase
// expect: refused
MATCH (a)/* x */merge (a)-[:X]->(a) RETURN a
