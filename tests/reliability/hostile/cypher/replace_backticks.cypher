// hostile: replace called through a backtick name
// expect: refused
RETURN `replace`('ab', 'a', 'aaaa') AS s
