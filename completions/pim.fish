complete --keep-order --exclusive --command pim --arguments "(COMPLETE=fish pim -- (commandline --current-process --tokenize --cut-at-cursor) (commandline --current-token))"
