import PipelineCLI

await MassCommand.main()
