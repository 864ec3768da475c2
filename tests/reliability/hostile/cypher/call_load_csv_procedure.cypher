// hostile: LOAD CSV from a file: URL after WITH
// expect: refused
WITH 1 AS x LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row
