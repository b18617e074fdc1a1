from esfproj.cli import main

main()
