// hostile: range with a bound from the data
// expect: refused
MATCH (n) RETURN size(range(1, toInteger(n.population) * 1000000)) AS n
