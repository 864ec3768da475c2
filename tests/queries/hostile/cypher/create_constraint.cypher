// hostile: CREATE CONSTRAINT
// expect: refused
CREATE CONSTRAINT ON (n:Resource) ASSERT n.uri IS UNIQUE
