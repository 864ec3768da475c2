// hostile: CALL dbms.procedures
// expect: refused
CALL dbms.procedures()
