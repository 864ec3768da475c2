// hostile: LOAD CSV from a local file
// expect: refused
LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row
