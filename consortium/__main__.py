from consortium.cli.entry import main

main()
