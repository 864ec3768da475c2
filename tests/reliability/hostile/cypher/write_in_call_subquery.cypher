// hostile: CREATE hidden in a CALL subquery
// expect: refused
CALL { CREATE (n:Resource {uri: 'x'}) RETURN n } RETURN n
