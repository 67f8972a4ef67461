from consortium.cli.main import main

main()
