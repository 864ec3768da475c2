// hostile: range of 10^10 elements (crashed FalkorDB 4.16)
// expect: refused
RETURN size(range(1, 10000000000)) AS n
