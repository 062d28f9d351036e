# Facets with -n 0 (count only) and under a page of results.
grantsearch search -n 0 --facets status,year,direction,region,contest волонт*
grantsearch search -n 2 --facets status,region дети
