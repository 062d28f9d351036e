# Malformed queries: the reason, the column and a caret; exit status 1.
grantsearch search 'дети "с ДЦП'
grantsearch search '(дети OR спорт'
grantsearch search 'дети)'
grantsearch search year:2021..2019
grantsearch search amount:много
grantsearch search status:maybe
grantsearch search дети OR
grantsearch search '()'
