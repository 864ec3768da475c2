// hostile: CREATE after a bare CR inside a // comment
// expect: refused
RETURN 1 // cCREATE (m)
