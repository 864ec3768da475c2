// hostile: LOAD CSV from the listener
// expect: refused
LOAD CSV WITH HEADERS FROM 'http://127.0.0.1:{{PORT}}/x.csv' AS row RETURN row
