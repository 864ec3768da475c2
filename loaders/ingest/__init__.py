"""Ingest a new report: its text becomes candidate records that a person reviews.

``reading`` reads the file (UTF-8 text, Markdown or PDF), ``sentences`` cuts it into located
sentences, one extractor module per kind finds candidates (``areas``, ``members``, ``titles``,
``figures``, ``agencies``, ``tables``), ``matching`` relates each to the current seed (new /
same / differs), ``review`` keeps them in a review file until a person decides, and ``accept``
writes an accepted record into ``seed/`` with its source registered. Rules that are tables or
aliases live as data in ``rules/*.yaml``.
"""
