import CostRollCommands

CostRollCommand.main()
