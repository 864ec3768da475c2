// hostile: lower-case create after MATCH
// expect: refused
match (n) create (m) return m
