# TSV: a header and one row per hit; the last hits miss a word (relaxed).
grantsearch search --format tsv дети волонтеры
