// hostile: ORDER BY over a million generated rows
// expect: contained
UNWIND range(1, 1000000) AS x RETURN x ORDER BY x DESC LIMIT 1
