// hostile: CALL with backticked name
// expect: refused
CALL `dbms`.`procedures`() YIELD name RETURN name
