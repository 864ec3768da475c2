// hostile: 10^10 elements through a list comprehension (crashed FalkorDB 4.16)
// expect: refused
RETURN size([x IN range(1, 100000) | range(1, 100000)]) AS n
