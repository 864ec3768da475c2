// hostile: 40 nested parentheses (FalkorDB parse time doubles per level)
// expect: refused
RETURN ((((((((((((((((((((((((((((((((((((((((1))))))))))))))))))))))))))))))))))))))))
