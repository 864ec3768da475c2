// hostile: 30 unary minus signs (20 took 7.6 s to parse)
// expect: refused
RETURN ------------------------------1
