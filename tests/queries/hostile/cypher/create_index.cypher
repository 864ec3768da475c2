// hostile: CREATE INDEX
// expect: refused
CREATE INDEX FOR (n:Resource) ON (n.uri)
