"""A parameter's value written into SPARQL text as a constant (queries/prefill.py): out of every
projection and GROUP BY (subqueries included), replaced elsewhere, comment lines untouched."""

from __future__ import annotations

from rdflib.plugins.sparql import prepareQuery

from queries.prefill import sparql_with_constant

TEXT = """# the areas named ?area
SELECT ?area ?total WHERE {
  { SELECT ?area (COUNT(*) AS ?total) WHERE { ?a ?p ?area } GROUP BY ?area }
  FILTER(?area != "")
}
"""


def test_the_constant_leaves_every_projection_and_group_by() -> None:
    text, replaced = sparql_with_constant(TEXT, "area", '"南京都市圈"')
    assert replaced == 2
    assert text.splitlines()[0] == "# the areas named ?area"  # a comment stays as written
    assert "SELECT ?total WHERE" in text and "SELECT (COUNT(*) AS ?total)" in text
    assert "GROUP BY" not in text  # it grouped by the parameter alone
    assert '?a ?p "南京都市圈"' in text and 'FILTER("南京都市圈" != "")' in text
    prepareQuery(text)


def test_a_name_that_only_starts_the_same_is_left_alone() -> None:
    text, replaced = sparql_with_constant("SELECT ?areas WHERE { ?x ?y ?areas }", "area", '"x"')
    assert replaced == 0 and "?areas" in text
