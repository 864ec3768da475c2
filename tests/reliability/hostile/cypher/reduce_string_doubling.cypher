// hostile: reduce doubling a string 40 times (crashed FalkorDB 4.16)
// expect: refused
RETURN size(reduce(s = 'x', i IN range(1, 40) | s + s)) AS n
