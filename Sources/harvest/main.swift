import HarvestCLI
HarvestCommand.main()
