// hostile: UNWIND doubling rows, collect() nesting them, 30 times (took the replica to its 4 GB cap)
// expect: refused
MATCH (s) UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
UNWIND [1,2] AS k WITH collect(s) AS s
RETURN size(s)
