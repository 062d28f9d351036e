# =form finds that word form only; the bare word finds every form.
grantsearch search =молодежных
grantsearch search -n 3 молодежных
