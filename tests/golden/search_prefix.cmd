# prefix* finds the words starting so.
grantsearch search -n 4 волонт*
