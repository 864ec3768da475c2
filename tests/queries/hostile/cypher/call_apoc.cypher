// hostile: CALL apoc.load.json from the listener
// expect: refused
CALL apoc.load.json('http://127.0.0.1:{{PORT}}/x.json') YIELD value RETURN value
