import HarvestCLI

HarvestCommand.run()
