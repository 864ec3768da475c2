// hostile: an allowed CALL followed by a refused one
// expect: refused
CALL db.labels() YIELD label
CALL dbms.procedures() YIELD name
RETURN label, name
