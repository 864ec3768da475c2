// hostile: CREATE
// expect: refused
CREATE (n:Resource {uri: 'x'})
