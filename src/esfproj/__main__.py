from esfproj.entry import main

main()
