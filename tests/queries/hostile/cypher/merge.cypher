// hostile: MERGE
// expect: refused
MERGE (n:Resource {uri: 'x'}) RETURN n
