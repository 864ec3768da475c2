// hostile: GQL INSERT
// expect: refused
INSERT (n:Resource {uri: 'x'})
