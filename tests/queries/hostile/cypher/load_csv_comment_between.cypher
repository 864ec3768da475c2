// hostile: comment between LOAD and CSV
// expect: refused
LOAD /* x */ CSV FROM 'file:///etc/passwd' AS row RETURN row
