// hostile: injection text inside a string literal is just a value
// expect: contained
MATCH (n:MetropolitanArea) WHERE n.label = "x'}) DETACH DELETE n //" RETURN n.uri AS uri
