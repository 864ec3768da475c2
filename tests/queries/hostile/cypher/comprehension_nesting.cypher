// hostile: a list comprehension wrapping the list twice, 30 times (took the replica to its 4 GB cap)
// expect: refused
WITH [1] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
WITH [x IN [1,2] | l] AS l
RETURN size(l)
