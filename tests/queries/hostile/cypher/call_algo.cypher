// hostile: CALL an algorithm procedure
// expect: refused
CALL algo.pageRank('Resource', 'LINK') YIELD node, score RETURN node, score
