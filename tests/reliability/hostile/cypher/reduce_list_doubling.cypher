// hostile: reduce doubling a list 40 times (crashed FalkorDB 4.16)
// expect: refused
RETURN size(reduce(l = [1], i IN range(1, 40) | l + l)) AS n
