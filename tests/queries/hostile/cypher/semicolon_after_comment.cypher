// hostile: ';' on the line after a // comment
// expect: refused
MATCH (n) RETURN n // ;
; CREATE (m)
