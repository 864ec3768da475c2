// hostile: CALL an index-creating procedure
// expect: refused
CALL db.idx.fulltext.createNodeIndex('Resource', 'uri')
