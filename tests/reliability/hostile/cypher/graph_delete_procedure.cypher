// hostile: a procedure that is not on the allow list
// expect: refused
CALL db.idx.fulltext.drop('Resource')
