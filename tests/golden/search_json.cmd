# One JSON object: query, parsed, totals, results with snippet and fields, facets.
grantsearch search --format json -n 2 --facets status,region дети
