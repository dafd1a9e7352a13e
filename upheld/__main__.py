from upheld.cli import main

main()
