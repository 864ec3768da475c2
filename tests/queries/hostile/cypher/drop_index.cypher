// hostile: DROP INDEX
// expect: refused
DROP INDEX ON :Resource(uri)
