// hostile: LOAD CSV after WITH
// expect: refused
WITH 1 AS x
LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row
