from leantui.cli.main import main

main()
